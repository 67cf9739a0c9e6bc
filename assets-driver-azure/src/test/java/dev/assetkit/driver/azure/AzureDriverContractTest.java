package dev.assetkit.driver.azure;

import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole driver contract, races included, against Azurite started from npm. */
class AzureDriverContractTest extends AzureContractBase {
  @RegisterExtension static final AzuriteExtension AZURITE = new AzuriteExtension();

  @Override
  TestAccount account() {
    return AZURITE.account();
  }
}
