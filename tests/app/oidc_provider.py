"""A real OpenID Connect provider on 127.0.0.1 for the sign-in test: Authlib's server side on Flask.

It serves what an identity provider such as Entra ID serves — discovery
(`/.well-known/openid-configuration`), `/authorize` (a sign-in form: pick a test user), `/token`
(authorization code with PKCE, client secret), `/jwks` (the public key the ID token is signed
with, RS256), `/userinfo` (bearer token) and `/logout` — so Streamlit's own `st.login` runs its
full flow against it: discovery, redirect, code exchange, ID token signature and nonce check.
The ID token carries `sub`, `email`, `email_verified` (true unless the test user says not),
`name` and, for users who have them, `groups` (as Entra ID can).

Only tests/app/test_browser_signin.py uses this module. It listens on loopback only and runs in a
thread of the test process; `stop()` ends it.
"""

from __future__ import annotations

import html
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from browser_helpers import free_port

# The provider speaks plain http on loopback (a real one uses https); Authlib refuses that otherwise.
os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")

from authlib.integrations.flask_oauth2 import AuthorizationServer, ResourceProtector  # noqa: E402
from authlib.oauth2.rfc6749 import ClientMixin, grants  # noqa: E402
from authlib.oauth2.rfc6750 import BearerTokenValidator  # noqa: E402
from authlib.oauth2.rfc7636 import CodeChallenge  # noqa: E402
from authlib.oidc.core import UserInfo  # noqa: E402
from authlib.oidc.core.grants import OpenIDCode  # noqa: E402
from authlib.oidc.core.models import AuthorizationCodeMixin  # noqa: E402
from flask import Flask, jsonify, redirect, request  # noqa: E402
from joserfc.jwk import KeySet, RSAKey  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402


@dataclass(frozen=True)
class User:
    sub: str
    email: str
    name: str
    groups: tuple[str, ...] = ()
    email_verified: bool = True  # False: the provider says it did not verify the address


@dataclass
class _Client(ClientMixin):
    client_id: str
    client_secret: str
    redirect_uris: tuple[str, ...]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str) -> str:
        return " ".join(s for s in scope.split() if s in ("openid", "profile", "email"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return secrets.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method in ("client_secret_basic", "client_secret_post") if endpoint == "token" else True

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class _Code(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: User
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time


@dataclass
class _Token:
    access_token: str
    scope: str
    user: User
    client_id: str
    issued_at: int
    expires_in: int

    def check_client(self, client: _Client) -> bool:
        return client.client_id == self.client_id

    def get_scope(self) -> str:
        return self.scope

    def get_expires_in(self) -> int:
        return self.expires_in

    def is_expired(self) -> bool:
        return time.time() > self.issued_at + self.expires_in

    def is_revoked(self) -> bool:
        return False

    def get_user(self) -> User:
        return self.user


class OpenIDProvider:
    """`start()` serves on a free loopback port; `issuer` is its address; `signed_in` lists the
    users who completed a sign-in (by e-mail), in order."""

    def __init__(self, users: list[User], client_id: str, client_secret: str, redirect_uri: str) -> None:
        self.users = {u.sub: u for u in users}
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.client = _Client(client_id, client_secret, (redirect_uri,))
        self.key = RSAKey.generate_key(2048, parameters={"kid": "test-key", "use": "sig", "alg": "RS256"})
        self.codes: dict[str, _Code] = {}
        self.tokens: dict[str, _Token] = {}
        self.signed_in: list[str] = []
        self._server: Any = None
        self._thread: threading.Thread | None = None
        self.app = self._make_app()

    # --- the Flask app ---------------------------------------------------------------------------

    def _make_app(self) -> Flask:
        provider = self
        app = Flask("test-oidc-provider")
        app.config["OAUTH2_TOKEN_EXPIRES_IN"] = {"authorization_code": 3600}

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

            def save_authorization_code(self, code: str, req: Any) -> None:
                data = req.payload.data
                provider.codes[code] = _Code(code, req.client.client_id, req.payload.redirect_uri, req.payload.scope,
                                             req.user, data.get("nonce"), data.get("code_challenge"),
                                             data.get("code_challenge_method"))

            def query_authorization_code(self, code: str, client: _Client) -> _Code | None:
                found = provider.codes.get(code)
                return found if found is not None and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: _Code) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: _Code) -> User:
                return authorization_code.user

        class IDToken(OpenIDCode):
            def exists_nonce(self, nonce: str, req: Any) -> bool:
                return any(c.nonce == nonce for c in provider.codes.values())

            def resolve_client_private_key(self, client: _Client) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: _Client) -> str:
                return "RS256"

            def get_encode_header(self, client: _Client) -> dict:
                return {"alg": "RS256", "kid": "test-key"}

            def get_client_claims(self, client: _Client) -> dict:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def generate_user_info(self, user: User, scope: str) -> UserInfo:
                info = UserInfo(sub=user.sub, name=user.name, email=user.email, email_verified=user.email_verified)
                if user.groups:
                    info["groups"] = list(user.groups)
                return info

        def save_token(token: dict, req: Any) -> None:
            provider.tokens[token["access_token"]] = _Token(token["access_token"], token.get("scope", ""), req.user,
                                                           req.client.client_id, int(time.time()),
                                                           int(token.get("expires_in", 3600)))
            provider.signed_in.append(req.user.email)

        server = AuthorizationServer(app, query_client=lambda cid: provider.client if cid == provider.client.client_id
                                     else None, save_token=save_token)
        server.register_grant(CodeGrant, [IDToken(require_nonce=True), CodeChallenge(required=False)])

        class Bearer(BearerTokenValidator):
            def authenticate_token(self, token_string: str) -> _Token | None:
                return provider.tokens.get(token_string)

        protect = ResourceProtector()
        protect.register_token_validator(Bearer())

        @app.get("/.well-known/openid-configuration")
        def discovery():
            base = provider.issuer
            return jsonify({
                "issuer": base, "authorization_endpoint": f"{base}/authorize", "token_endpoint": f"{base}/token",
                "jwks_uri": f"{base}/jwks", "userinfo_endpoint": f"{base}/userinfo",
                "end_session_endpoint": f"{base}/logout", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "profile", "email"], "code_challenge_methods_supported": ["S256"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
                "claims_supported": ["sub", "name", "email", "email_verified", "groups"],
            })

        @app.get("/jwks")
        def jwks():
            return jsonify(KeySet([provider.key]).as_dict(private=False))

        @app.route("/authorize", methods=["GET", "POST"])
        def authorize():
            if request.method == "GET":  # the provider's own sign-in page: pick a user
                options = "".join(f"<option value='{html.escape(u.sub)}'>{html.escape(u.name)} ({html.escape(u.email)})"
                                  "</option>" for u in provider.users.values())
                return (f"<!doctype html><html><head><title>Test identity provider</title></head><body>"
                        f"<h1>Test identity provider</h1><form method='post'>"
                        f"<label>User <select name='user' id='user'>{options}</select></label>"
                        f"<button type='submit' id='sign-in'>Sign in</button></form></body></html>")
            user = provider.users.get(request.form.get("user", ""))
            if user is None:
                return "unknown user", 400
            grant = server.get_consent_grant(end_user=user)
            return server.create_authorization_response(grant_user=user, grant=grant)

        @app.post("/token")
        def token():
            return server.create_token_response()

        @app.get("/userinfo")
        @protect("openid")
        def userinfo():
            from authlib.integrations.flask_oauth2 import current_token

            user = current_token.user
            return jsonify({"sub": user.sub, "name": user.name, "email": user.email,
                            "email_verified": user.email_verified, "groups": list(user.groups)})

        @app.get("/logout")
        def logout():
            target = request.args.get("post_logout_redirect_uri", "")
            return redirect(target) if target in provider.client.redirect_uris else ("signed out", 200)

        return app

    # --- running ---------------------------------------------------------------------------------

    def start(self) -> None:
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, name="oidc-provider", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"
