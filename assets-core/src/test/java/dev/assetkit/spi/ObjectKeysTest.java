package dev.assetkit.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.assetkit.ErrorKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ObjectKeysTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a",
        "name.versions",
        "modelkit-assets/models/encoder/0.0",
        "modelkit-assets/models/encoder/0.0.meta",
        "p/a/1.0/.hidden",
        "p/a/1.0/sub dir/file name.txt",
        "a/..b",
        "a/b..",
        "a/...",
        "a/.b",
        "donn\u00e9es/\ud83d\ude00",
        "a:b/c[1]"
      })
  void requireValid_validKey_isReturnedAsIs(String key) {
    assertSame(key, ObjectKeys.requireValid(key));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|empty key",
        "/a|absolute key",
        "//a|absolute key",
        "a//b|empty path segment",
        "a/|empty path segment",
        "./a|'.' segment",
        "a/.|'.' segment",
        "a/../b|'..' segment",
        "..|'..' segment",
        "a\\b|backslash at index 1",
        "..\\x|backslash at index 2"
      })
  void requireValid_invalidKey_isRefusedSayingWhy(String key, String why) {
    StorageException e = assertThrows(StorageException.class, () -> ObjectKeys.requireValid(key));

    assertEquals(StorageException.Reason.INVALID_KEY, e.reason());
    assertEquals(ErrorKind.INVALID_INPUT, e.kind());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @Test
  void requireValid_null_isRefused() {
    StorageException e = assertThrows(StorageException.class, () -> ObjectKeys.requireValid(null));

    assertEquals("invalid object key 'null': empty key", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a\nb", "a\u0000b", "a\u001f", "a\u007fb", "\tab"})
  void requireValid_controlCharacter_isRefusedWithAnEscapedOneLineMessage(String key) {
    StorageException e = assertThrows(StorageException.class, () -> ObjectKeys.requireValid(key));

    assertTrue(e.getMessage().contains("control character at index "), e.getMessage());
    assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x7f), e.getMessage());
  }

  @Test
  void requireValid_controlCharacter_givesItsIndex() {
    StorageException e =
        assertThrows(StorageException.class, () -> ObjectKeys.requireValid("ab\ncd"));

    assertEquals("invalid object key 'ab\\u000acd': control character at index 2", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "p", "p/", "modelkit-assets/", "a/b/c/", "a/b.versions"})
  void requireValidPrefix_emptyOrValidKeyWithOptionalSlash_isReturnedAsIs(String prefix) {
    assertSame(prefix, ObjectKeys.requireValidPrefix(prefix));
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "//", "/p", "p//", "../", "p/../", "./", "p/./q/", "p\\", "p\n/"})
  void requireValidPrefix_invalidPrefix_isRefused(String prefix) {
    StorageException e =
        assertThrows(StorageException.class, () -> ObjectKeys.requireValidPrefix(prefix));

    assertEquals(StorageException.Reason.INVALID_KEY, e.reason());
  }
}
