/** Avro schemas, topic names and the schema-registry wire-format serde shared by every service. */
package com.poblysh.connectors.schemas;
