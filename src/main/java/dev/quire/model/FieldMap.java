package dev.quire.model;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The map of an entity's (or a nested object's) fields: immutable, in the order given, held
 * in two arrays. Entities are read far more often than made, and a big import holds 100,000
 * of them at once: in {@link java.util.LinkedHashMap}s they took several times the memory of
 * their text, and the collector's time with it. Keys are found by a scan of the (few) keys,
 * or through a hash index past {@value #SCAN} keys. Null values are allowed, null keys not.
 */
final class FieldMap extends AbstractMap<String, Object> {
  /** Up to this many keys, a look-up scans them. */
  static final int SCAN = 8;

  private final String[] keys;
  private final Object[] values;
  /** Open addressing: slot → position + 1 (0: empty); null when scanning. */
  private final int[] index;

  /** Takes the arrays as they are (not copied): the caller must not change them. */
  FieldMap(String[] keys, Object[] values) {
    this.keys = keys;
    this.values = values;
    this.index = keys.length > SCAN ? index(keys) : null;
  }

  private static int[] index(String[] keys) {
    int[] table = new int[Integer.highestOneBit(keys.length * 2 - 1) << 1];
    int mask = table.length - 1;
    for (int i = 0; i < keys.length; i++) {
      int slot = spread(keys[i].hashCode()) & mask;
      while (table[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      table[slot] = i + 1;
    }
    return table;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  private int find(Object key) {
    if (index == null) {
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == key) { // field names are mostly the same String objects
          return i;
        }
      }
      if (key instanceof String) {
        for (int i = 0; i < keys.length; i++) {
          if (keys[i].equals(key)) {
            return i;
          }
        }
      }
      return -1;
    }
    if (!(key instanceof String)) {
      return -1;
    }
    int mask = index.length - 1;
    for (int slot = spread(key.hashCode()) & mask; index[slot] != 0; slot = (slot + 1) & mask) {
      int i = index[slot] - 1;
      if (keys[i].equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int i = find(key);
    return i < 0 ? null : values[i];
  }

  @Override
  public Object getOrDefault(Object key, Object otherwise) {
    int i = find(key);
    return i < 0 ? otherwise : values[i];
  }

  @Override
  public boolean containsKey(Object key) {
    return find(key) >= 0;
  }

  @Override
  public int size() {
    return keys.length;
  }

  @Override
  public boolean isEmpty() {
    return keys.length == 0;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < keys.length; i++) {
      action.accept(keys[i], values[i]);
    }
  }

  // ---- immutable: every change is refused, also when it would change nothing -------------

  private static UnsupportedOperationException immutable() {
    return new UnsupportedOperationException("an entity's fields cannot be changed; use Entity.with");
  }

  @Override
  public Object put(String key, Object value) {
    throw immutable();
  }

  @Override
  public Object remove(Object key) {
    throw immutable();
  }

  @Override
  public void putAll(Map<? extends String, ?> m) {
    throw immutable();
  }

  @Override
  public void clear() {
    throw immutable();
  }

  @Override
  public void replaceAll(java.util.function.BiFunction<? super String, ? super Object, ?> f) {
    throw immutable();
  }

  @Override
  public Object putIfAbsent(String key, Object value) {
    throw immutable();
  }

  @Override
  public boolean remove(Object key, Object value) {
    throw immutable();
  }

  @Override
  public boolean replace(String key, Object oldValue, Object newValue) {
    throw immutable();
  }

  @Override
  public Object replace(String key, Object value) {
    throw immutable();
  }

  @Override
  public Object computeIfAbsent(String key, java.util.function.Function<? super String, ?> f) {
    throw immutable();
  }

  @Override
  public Object computeIfPresent(String key, java.util.function.BiFunction<? super String, ? super Object, ?> f) {
    throw immutable();
  }

  @Override
  public Object compute(String key, java.util.function.BiFunction<? super String, ? super Object, ?> f) {
    throw immutable();
  }

  @Override
  public Object merge(String key, Object value, java.util.function.BiFunction<? super Object, ? super Object, ?> f) {
    throw immutable();
  }

  @Override
  public Set<Map.Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < keys.length;
          }

          @Override
          public Map.Entry<String, Object> next() {
            if (next >= keys.length) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new AbstractMap.SimpleImmutableEntry<>(keys[i], values[i]);
          }
        };
      }

      @Override
      public int size() {
        return keys.length;
      }
    };
  }
}
