// Swagger UI over the service's OpenAPI document. The document itself needs a viewer token, so the
// page reads it with the token the dashboard keeps for this tab (or one given here) and hands the
// same token to "Try it out".
(() => {
  const SPEC = '/api/data-migration/openapi.json';
  const $ = (id) => document.getElementById(id);

  function show(token) {
    $('problem').hidden = true;
    if (!token) {
      $('problem').textContent = 'Give an API token to read the API document.';
      $('problem').hidden = false;
      return;
    }
    const ui = SwaggerUIBundle({
      url: SPEC,
      dom_id: '#swagger-ui',
      deepLinking: true,
      requestInterceptor: (request) => {
        request.headers.Authorization = 'Bearer ' + token;
        return request;
      },
      onComplete: () => ui.preauthorizeApiKey('bearerAuth', token),
    });
  }

  $('sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    const token = $('token').value.trim();
    sessionStorage.setItem('migrationToken', token);
    $('token').value = '';
    show(token);
  });
  show(sessionStorage.getItem('migrationToken') || '');
})();
