/**
 * Record formats, read and written as streams. Camel's data formats (camel-jackson,
 * camel-jacksonxml, camel-csv, camel-snakeyaml) marshal and unmarshal one message body at a time:
 * a whole document in, a whole document out. Here one file is one document read or written across
 * many batches, records need their position, line and raw text for error reports, and hostile
 * input must be stopped inside the parser (DTDs, YAML tags and aliases). So each format uses the
 * streaming parser and generator of the library under its data format: Jackson for JSON and YAML,
 * Woodstox for XML, Commons CSV; Markdown, which no such library reads record by record, is read
 * line by line.
 */
package io.contextstore.migration.format;
