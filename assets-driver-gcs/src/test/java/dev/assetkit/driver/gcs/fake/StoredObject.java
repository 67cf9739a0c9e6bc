package dev.assetkit.driver.gcs.fake;

import java.nio.file.Path;
import java.time.Instant;

/**
 * One live object generation. Its bytes are in {@code file}, one file per generation, so a reader
 * of an old generation keeps reading while a writer commits a new one.
 */
record StoredObject(
    String bucket,
    String name,
    long generation,
    long metageneration,
    long size,
    String contentType,
    String md5Base64,
    String crc32cBase64,
    Instant created,
    Path file) {}
