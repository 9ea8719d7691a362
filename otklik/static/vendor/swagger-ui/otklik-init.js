/* Otklik's own starter for Swagger UI (not part of swagger-ui-dist): the schema's address comes
   from the page's data attribute, so the page needs no inline script (Content-Security-Policy).
   No validator badge: it would call validator.swagger.io. */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    deepLinking: true,
    validatorUrl: null,
    persistAuthorization: false,
    displayRequestDuration: true,
  });
})();
