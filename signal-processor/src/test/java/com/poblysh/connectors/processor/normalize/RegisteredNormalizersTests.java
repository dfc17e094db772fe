package com.poblysh.connectors.processor.normalize;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;

/** Tests of the registered normalizer beans, found by scanning this package exactly as the service finds them. */
abstract class RegisteredNormalizersTests {

    private static AnnotationConfigApplicationContext context;
    static Normalizers normalizers;

    @BeforeAll
    static void registeredNormalizers() {
        context = new AnnotationConfigApplicationContext(RegisteredNormalizersTests.class.getPackageName());
        normalizers = context.getBean(Normalizers.class);
    }

    @AfterAll
    static void close() {
        context.close();
    }
}
