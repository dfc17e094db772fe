/**
 * Database location for the local run and tests. The schema itself is owned by the Flyway migrations in
 * {@code classpath:db/migration}, shared by every service that touches Postgres.
 */
package com.poblysh.connectors.common.db;
