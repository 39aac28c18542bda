/* Copyright 2026 The Safe Online Kiosk authors
 * SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "sok-fingerprint"

#include "config.h"

#include <sodium.h>
#include <string.h>

#include "sok-fingerprint.h"
#include "sok-seal.h"

/* Fingerprints that people compare by reading them aloud or side by side: the DSL's
 * key on a kiosk beside the DSL console's About screen, a kiosk's own key beside the
 * list of kiosks waiting for approval. Words are easier to compare than hex and
 * harder to skim past; the hex stays for those who have written it down.
 *
 * The list is the one place the words live. It has exactly 256 entries, so that one
 * byte of the hash picks one word; they are short, common, concrete English words a
 * primary school would be happy to see on a screen, in alphabetical order, with none
 * repeated and no two that sound alike. Changing the list changes every fingerprint:
 * never reorder or edit it, only ever add a new list beside it. */
static const char * const words[256] = {
  "acorn", "actor", "album", "anchor", "angel", "ankle", "apple", "apron",
  "arrow", "atlas", "aunt", "autumn", "badge", "bagel", "baker", "banjo",
  "barn", "basket", "beach", "beard", "bell", "bench", "berry", "bike",
  "bird", "biscuit", "blanket", "bloom", "boat", "bonus", "book", "boot",
  "bottle", "bowl", "brick", "bridge", "brush", "bucket", "bugle", "bunny",
  "button", "cabin", "cactus", "cake", "camel", "camera", "candle", "canoe",
  "cape", "carpet", "carrot", "castle", "cello", "chair", "chalk", "cheese",
  "cherry", "chess", "chick", "circle", "city", "clock", "cloud", "clover",
  "coat", "cobra", "comet", "cookie", "coral", "cotton", "cousin", "cowboy",
  "crab", "crayon", "cricket", "crown", "cube", "cupcake", "curtain", "daisy",
  "dancer", "desert", "diary", "dingo", "dog", "doll", "dolphin", "donkey",
  "door", "dragon", "drum", "duck", "eagle", "earth", "easel", "echo",
  "elbow", "engine", "fable", "falcon", "farmer", "feather", "fence", "fern",
  "ferry", "fiddle", "finch", "flag", "flute", "forest", "fossil", "fox",
  "frog", "garden", "gecko", "giant", "ginger", "giraffe", "glove", "goat",
  "grape", "gravy", "guitar", "hammer", "hamster", "harbour", "harp", "hat",
  "hazel", "hedge", "helmet", "hero", "hippo", "honey", "hoop", "horse",
  "igloo", "island", "ivory", "jacket", "jam", "jelly", "jigsaw", "judge",
  "juice", "kayak", "kettle", "kite", "kitten", "koala", "ladder", "ladle",
  "lake", "lamp", "lantern", "lemon", "lily", "lion", "lizard", "llama",
  "lobster", "locket", "lunch", "magnet", "mango", "maple", "marble", "meadow",
  "melon", "mermaid", "metal", "mitten", "monkey", "moon", "moose", "mouse",
  "muffin", "museum", "nest", "nickel", "noodle", "notebook", "nurse", "oak",
  "ocean", "olive", "onion", "orange", "otter", "owl", "paddle", "panda",
  "parrot", "pasta", "peach", "peanut", "pebble", "pencil", "penguin", "pepper",
  "piano", "pickle", "pillow", "pilot", "pirate", "planet", "plum", "pony",
  "poppy", "potato", "puffin", "pumpkin", "puppy", "puzzle", "quilt", "rabbit",
  "radio", "rain", "raven", "ribbon", "river", "robin", "rocket", "rope",
  "ruby", "saddle", "sailor", "salad", "sandal", "scarf", "seal", "shell",
  "ship", "silver", "skate", "sled", "snail", "socks", "spoon", "star",
  "sugar", "swan", "table", "teapot", "tiger", "toast", "tomato", "tractor",
  "train", "tulip", "turtle", "violin", "wagon", "walrus", "whale", "zebra",
};

G_STATIC_ASSERT (G_N_ELEMENTS (words) == 256);

/**
 * sok_fingerprint_get_word:
 * @index: 0 … 255
 *
 * Returns: the word for one byte of a fingerprint
 */
const char *
sok_fingerprint_get_word (guint index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (words), NULL);

  return words[index];
}

/**
 * sok_fingerprint_dup_words:
 * @key: (array length=key_len): a raw public key
 *
 * The key's fingerprint as words: the first %SOK_FINGERPRINT_N_WORDS bytes of the
 * BLAKE2b-256 hash of the raw key, each byte one word of the list, separated by
 * single spaces ("otter maple kite …").
 *
 * Returns: (transfer full): the words
 */
char *
sok_fingerprint_dup_words (const guint8 *key,
                           gsize         key_len)
{
  guint8 hash[crypto_generichash_BYTES];
  GString *out = g_string_new (NULL);

  g_return_val_if_fail (key != NULL, NULL);

  sok_seal_ensure_sodium (NULL);
  crypto_generichash (hash, sizeof hash, key, key_len, NULL, 0);
  for (guint i = 0; i < SOK_FINGERPRINT_N_WORDS; i++)
    g_string_append_printf (out, "%s%s", i ? " " : "", words[hash[i]]);

  return g_string_free (out, FALSE);
}

/**
 * sok_fingerprint_dup_hex:
 * @key: (array length=key_len): a raw public key
 *
 * The key's fingerprint in hex, as the kiosk has always shown the DSL key's: the first
 * 8 bytes of the SHA-256 of the raw key in four groups of four ("3f2a 9c01 77be 04d5").
 *
 * Returns: (transfer full): the hex fingerprint
 */
char *
sok_fingerprint_dup_hex (const guint8 *key,
                         gsize         key_len)
{
  guint8 hash[crypto_hash_sha256_BYTES];

  g_return_val_if_fail (key != NULL, NULL);

  sok_seal_ensure_sodium (NULL);
  crypto_hash_sha256 (hash, key, key_len);

  return g_strdup_printf ("%02x%02x %02x%02x %02x%02x %02x%02x",
                          hash[0], hash[1], hash[2], hash[3],
                          hash[4], hash[5], hash[6], hash[7]);
}

/**
 * sok_fingerprint_normalize:
 * @text: words or hex as a person typed them
 *
 * Lower-cases @text and turns every run of spaces, commas, dashes, dots and similar
 * separators into one space, with none at either end, so that "Otter, maple-KITE"
 * compares equal to "otter maple kite".
 *
 * Returns: (transfer full): the normalised text
 */
char *
sok_fingerprint_normalize (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean gap = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        {
          if (gap && out->len > 0)
            g_string_append_c (out, ' ');
          g_string_append_c (out, g_ascii_tolower (*p));
          gap = FALSE;
        }
      else
        gap = TRUE;
    }

  return g_string_free (out, FALSE);
}

/**
 * sok_fingerprint_matches:
 * @words: a fingerprint from sok_fingerprint_dup_words()
 * @given: what a person typed
 *
 * Returns: %TRUE when @given names exactly the same words, in the same order
 *   (case, punctuation and spacing aside)
 */
gboolean
sok_fingerprint_matches (const char *words_text,
                         const char *given)
{
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  if (words_text == NULL || given == NULL)
    return FALSE;

  a = sok_fingerprint_normalize (words_text);
  b = sok_fingerprint_normalize (given);
  return *a != '\0' && g_str_equal (a, b);
}
