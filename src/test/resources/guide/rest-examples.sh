# The REST examples of the migration guide ("Using the REST API"), as written there.
# The test runs them against the service, with localhost:3000 pointed at its port.
# Export data
curl -X POST http://localhost:3000/api/data-migration/export \
-H "Content-Type: application/json" \
-H "Authorization: Bearer your-token" \
-d '{
"dataType": "contexts",
"options": {
"format": "json",
"includeMetadata": true,
"filters": {
"dateRange": {
"start": "2024-01-01T00:00:00Z",
"end": "2024-12-31T23:59:59Z"
}
}
}
}'
# Import data
curl -X POST http://localhost:3000/api/data-migration/import \
-H "Authorization: Bearer your-token" \
-F "file=@data.json" \
-F 'dataType=contexts' \
-F 'options={"format":"json","validateSchema":true}'
