/**
 * assetkit core: asset specs, versioning, the local cache, the fetch and publish engines, and the
 * storage driver SPI. No dependency beyond the JDK.
 */
module dev.assetkit {
  exports dev.assetkit;
  exports dev.assetkit.spi;

  uses dev.assetkit.spi.StorageDriverProvider;
}
