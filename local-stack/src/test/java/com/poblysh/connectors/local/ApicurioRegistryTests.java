package com.poblysh.connectors.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How ApicurioConformanceTests finds a Java new enough for Apicurio Registry, on fake JDK folders. */
class ApicurioRegistryTests {

    @TempDir
    Path jvms;

    Path jdk(String name, String version) throws IOException {
        Path home = jvms.resolve(name);
        Files.createDirectories(home.resolve("bin"));
        Files.createFile(home.resolve("bin/java"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    @Test
    void takesTheNewestJdkOf21OrLaterInstalledBesideAnOlderJvm() throws IOException {
        Path current = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("temurin-21-jdk-amd64", "21.0.8");
        Path newest = jdk("temurin-25-jdk-amd64", "25.0.1");
        Files.createDirectories(jvms.resolve("not-a-jdk"));

        var java = ApicurioRegistry.findJava(null, current, 17, List.of(jvms));

        assertThat(java).hasValueSatisfying(found -> {
            assertThat(found.executable()).isEqualTo(newest.resolve("bin/java"));
            assertThat(found.version()).isEqualTo(25);
        });
    }

    @Test
    void findsNothingWhenEveryInstalledJdkIsOlderThan21() throws IOException {
        Path current = jdk("java-17-openjdk-amd64", "17.0.15");
        jdk("java-11-openjdk-amd64", "11.0.2");

        assertThat(ApicurioRegistry.findJava("", current, 17, List.of(jvms, jvms.resolve("missing")))).isEmpty();
    }

    @Test
    void takesThisJvmWhenItIsNewEnough() throws IOException {
        Path current = jdk("current", "21");
        jdk("temurin-25-jdk-amd64", "25.0.1");

        assertThat(ApicurioRegistry.findJava(null, current, 21, List.of(jvms)))
                .hasValueSatisfying(found -> assertThat(found.executable()).isEqualTo(current.resolve("bin/java")));
    }

    @Test
    void takesTheConfiguredJdkOrExecutableAndRefusesOneThatIsTooOld() throws IOException {
        Path current = jdk("java-17-openjdk-amd64", "17.0.15");
        Path configured = jdk("somewhere-jdk-22", "22.0.2");

        assertThat(ApicurioRegistry.findJava(configured.toString(), current, 17, List.of()))
                .hasValueSatisfying(found -> assertThat(found.version()).isEqualTo(22));
        assertThat(ApicurioRegistry.findJava(configured.resolve("bin/java").toString(), current, 17, List.of()))
                .hasValueSatisfying(found -> assertThat(found.executable()).isEqualTo(configured.resolve("bin/java")));
        assertThatThrownBy(() -> ApicurioRegistry.findJava(current.toString(), current, 17, List.of()))
                .hasMessageContaining("is Java 17");
    }
}
