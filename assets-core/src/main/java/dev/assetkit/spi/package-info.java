/**
 * The storage driver SPI: what a backend (local folder, S3, GCS, Azure Blob) implements. Drivers
 * speak objects and keys; the engines in {@code dev.assetkit} speak assets and versions. No vendor
 * SDK type ever appears here.
 */
package dev.assetkit.spi;
