// A client typed from the served OpenAPI document (openapi-typescript writes ./api.d.ts), compiled
// with tsc --strict: a document that does not describe these calls fails to compile.
// node client.js <baseUrl> <token> <file to import>; prints what import and export answered.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import createClient from "openapi-fetch";
import type { components, paths } from "./api.js";

type ImportResult = components["schemas"]["ImportResult"];
type ExportResult = components["schemas"]["ExportResult"];
type ImportForm = paths["/api/data-migration/import"]["post"]["requestBody"]["content"]["multipart/form-data"];

const [baseUrl, token, file] = process.argv.slice(2);
const client = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
const content = new Blob([readFileSync(file)]);

const imported = await client.POST("/api/data-migration/import", {
  body: { file: basename(file), dataType: "contexts", options: JSON.stringify({ errorHandling: "lenient" }) },
  bodySerializer(body: ImportForm) {
    const form = new FormData();
    form.append("file", content, body.file);
    form.append("dataType", body.dataType);
    if (body.options !== undefined) {
      form.append("options", body.options);
    }
    return form;
  },
});
const importResult: ImportResult | undefined = imported.data;

const exported = await client.POST("/api/data-migration/export", {
  body: { dataType: "contexts", options: { format: "ndjson" } },
});
// 200 is the result, 202 (async) the operation to follow
const exportResult: ExportResult | undefined =
  exported.data !== undefined && "exportId" in exported.data ? exported.data : undefined;

console.log(JSON.stringify({
  importStatus: imported.response.status,
  successfulRecords: importResult?.successfulRecords,
  exportStatus: exported.response.status,
  recordCount: exportResult?.recordCount,
  exportedFile: exportResult?.files?.[0]?.name,
}));
