// functions/_shared/romanise.ts: one spelling for text in any Indian script, and one key per
// romanised spelling variant, so queries and documents meet across scripts.
import { describe, expect, it } from "vitest";
import { romanise, scriptsOf, searchTerms, spellingKey } from "../../functions/_shared/romanise.ts";
import { embedLocal, features } from "../../functions/_shared/embeddings/local.ts";

const cosine = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe("romanise", () => {
  it.each([
    ["devanagari", "लड़की नाचती है", "ladki nachti hai"],
    ["devanagari (Marathi)", "मराठी मुलगी", "marathi mulgi"],
    ["bengali", "বাংলা নাচ", "bangla nach"],
    ["gurmukhi", "ਪੰਜਾਬੀ ਕੁੜੀ", "panjabi kudi"],
    ["gujarati", "ગુજરાતી ગરબા", "gujrati garba"],
    ["tamil", "தமிழ் சென்னை மும்பை", "tamil chennai mumbai"],
    ["telugu", "తెలుగు నటి", "telugu nati"],
    ["kannada", "ಕನ್ನಡ ನಟಿ", "kannada nati"],
    ["malayalam", "മലയാളം നടി", "malayalam nati"],
  ])("writes %s as people romanise it", (_, text, expected) => {
    expect(romanise(text)).toBe(expected);
  });

  it("drops the inherent vowels Hindi does not say, and keeps those after a cluster", () => {
    expect(romanise("बोलने वाला")).toBe("bolne vala");
    expect(romanise("कथक नृत्य")).toBe("kathak nritya");
    expect(romanise("गाँव")).toBe("ganv");
  });

  it("reads letters a script shares between sounds as said (Tamil க is k or g by position, never gh)", () => {
    expect(romanise("கதை நடிகை")).toBe("kadai nadigai");
    expect(romanise("பெண்")).toBe("pen");
    // loanwords (a Grantha letter) are said as spelt
    expect(romanise("ஸ்டண்ட் இன்ஸ்பெக்டர்")).toBe("stant inspektar");
  });

  it("leaves Latin text, punctuation and digits alone apart from case and accents", () => {
    expect(romanise("Street-Smart Café, 24!")).toBe("street-smart cafe, 24!");
  });

  it("romanises each run of a mixed-script text by its own script", () => {
    expect(romanise("मुंबई की street-smart লড়াকু தமிழ் girl")).toBe("mumbai ki street-smart ladaku tamil girl");
    expect(scriptsOf("मुंबई की street-smart லড়াকু தமிழ்")).toEqual(["devanagari", "latin", "tamil", "bengali"]);
  });
});

describe("spellingKey", () => {
  it.each([
    ["bolne", "bolnay"], ["bolne", "bolney"], ["ladki", "ladaki"], ["nachti", "naachti"], ["toda", "thoda"],
    ["vala", "wala"], ["puja", "pooja"], ["kathak", "katthak"], ["jindagi", "zindagi"], ["bolne", "bolane"],
  ])("gives %s and %s one key", (a, b) => {
    expect(spellingKey(a)).toBe(spellingKey(b));
  });

  it("keeps different words apart", () => {
    expect(spellingKey("ladki")).not.toBe(spellingKey("ladka"));
    expect(spellingKey("dance")).not.toBe(spellingKey("dancer"));
  });
});

describe("searchTerms", () => {
  it("gives the same terms for a word in its script and its romanised spellings", () => {
    expect(searchTerms("नाचती लड़की")).toBe(searchTerms("naachti ladaki"));
    expect(searchTerms("तमिल बोलने वाला")).toBe(searchTerms("Tamil bolnay wala"));
    expect(searchTerms("தமிழ்")).toBe(searchTerms("Tamil"));
    expect(searchTerms("हिंदी")).toBe(searchTerms("hindi"));
  });

  it("keeps a mixed query's words in order", () => {
    expect(searchTerms("मुंबई की street-smart लड़की")).toBe(["mumbai", "ki", spellingKey("street"), "smart", "ladki"].join(" "));
  });
});

describe("the local embedder across scripts", () => {
  const unrelated = embedLocal("royal heiress, horse riding");

  it("knows casting words in Indian scripts as the English concept", () => {
    expect(features("अभिनेत्री").has("c:female")).toBe(true);
    expect(features("நடனம்").has("c:dance")).toBe(true);
    expect(features("নাচ").has("c:dance")).toBe(true);
    expect(features("naach").has("c:dance")).toBe(true);
  });

  it("lends no English word another concept (ஸ்டண்ட், stunt, once read as \"stand\")", () => {
    expect(features("stand-up comedy").has("c:action")).toBe(false);
    expect(features("gali").has("c:streetwise")).toBe(true);
  });

  it.each([
    ["अभिनेत्री", "actress"], ["नृत्य", "dance"], ["naach", "dance"], ["நடிகை", "heroine"], ["ನೃತ್ಯ", "dancer"],
    ["খলনায়ক", "villain"], ["ਪਿੰਡ", "village"], ["ગાયક", "singer"], ["పోలీస్", "police"], ["ഹാസ്യം", "comedy"],
  ])("puts %s next to %s", (native, english) => {
    const a = embedLocal(native), b = embedLocal(english);
    expect(cosine(a, b)).toBeGreaterThan(0.5);
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, unrelated) + 0.3);
  });

  it("matches a Devanagari query to the same need in English better than to another need", () => {
    const query = embedLocal("नाचने वाली कॉलेज की लड़की");
    expect(cosine(query, embedLocal("college girl who dances"))).toBeGreaterThan(cosine(query, embedLocal("menacing gangster villain")));
  });
});
