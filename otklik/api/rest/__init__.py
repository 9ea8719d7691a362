"""The REST API under /api/v1/ (django-ninja): one module per resource, its OpenAPI schema at
/api/schema/ and its documentation at /api/docs/ (Swagger UI served from our own static files).

Every request carries `Authorization: Bearer <token>` (otklik.api.tokens): the token acts with
exactly its user's role and department scope, through otklik.accounts.permissions and the
owning apps' actions, as the web pages do."""
