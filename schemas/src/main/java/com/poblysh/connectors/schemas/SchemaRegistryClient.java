package com.poblysh.connectors.schemas;

import org.apache.avro.Schema;

/** The part of the Confluent Schema Registry API the pipeline needs. */
public interface SchemaRegistryClient {

    /**
     * Registers {@code schema} under {@code subject} (or finds it when already registered) and returns its
     * global id. Fails with {@link SchemaRegistryException} when the subject's compatibility rule refuses it.
     */
    int register(String subject, Schema schema);

    /** Returns the schema with global id {@code id}. */
    Schema schemaById(int id);

    /** Whether {@code schema} may be registered next under {@code subject} given its compatibility level. */
    boolean isCompatible(String subject, Schema schema);

    /** Sets the subject's compatibility level, e.g. {@code BACKWARD}. */
    void setCompatibility(String subject, String level);
}
