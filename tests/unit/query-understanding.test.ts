// What a casting query asks for, read in any script (functions/_shared/query-understanding.ts).
// These sentences are not the evaluation set's (tests/matching/queries/), which measures the
// whole search; here each rule is pinned on its own.
import { describe, expect, it } from "vitest";
import { understandQuery } from "../../functions/_shared/query-understanding.ts";

const read = (q: string) => {
  const u = understandQuery(q);
  return { gender: u.gender, languages: u.languages, skills: u.skills, city: u.city, age: u.age_min === null ? null : [u.age_min, u.age_max] };
};

describe("gender", () => {
  it.each([
    ["Need an actress who speaks Odia", "female"], ["अदाकारा चाहिए, उर्दू ज़रूरी", "female"], ["ek heroine chahiye", "female"],
    ["নায়িকা চাই", "female"], ["ਕੁੜੀ ਚਾਹੀਦੀ", "female"], ["એક સ્ત્રી જોઈએ", "female"], ["நடிகை தேவை", "female"], ["నటి కావాలి", "female"],
    ["ನಟಿ ಬೇಕು", "female"], ["നടി വേണം", "female"], ["हीरो चाहिए", "male"], ["a gentleman of means", "male"], ["मुलगा हवा", "male"],
    ["கதாநாயகன் தேவை", "male"], ["ആൺകുട്ടി വേണം", "male"],
  ])("%s → %s", (q, gender) => expect(understandQuery(q).gender).toBe(gender));

  it("a kalakar, an artist or a performer is anyone", () => {
    for (const q of ["कलाकार चाहिए", "performer with range", "theatre artist"]) expect(understandQuery(q).gender).toBeNull();
  });

  it("a possessor does not set it, and both genders named set none", () => {
    expect(understandQuery("the heroine's father").gender).toBe("male");
    expect(understandQuery("बेटा of the hero? no: daughter of the hero").gender).toBeNull();
    expect(understandQuery("नायक की माँ").gender).toBe("female");
    expect(understandQuery("actor or actress, anyone good").gender).toBeNull();
    expect(understandQuery("mother and son pair").gender).toBeNull();
  });

  it("grammar says it where no noun does, unless the genitive qualifies the role", () => {
    expect(understandQuery("tamil bolne wali").gender).toBe("female");
    expect(understandQuery("गाने वाला चाहिए").gender).toBe("male");
    expect(understandQuery("टीचर का किरदार").gender).toBeNull();
    expect(understandQuery("बोलणारी हवी").gender).toBe("female");
  });

  it("a word's own script wins where romanisations meet (Tamil பாட்டி is not Hindi पति)", () => {
    expect(understandQuery("பாட்டி வேடம்").gender).toBe("female");
    expect(understandQuery("पति का रोल").gender).toBe("male");
  });
});

describe("languages", () => {
  it("in any script and spelling, as tags, all of them", () => {
    expect(read("Bangla-speaking").languages).toEqual(["bengali"]);
    expect(read("বাংলাভাষী অভিনেতা").languages).toEqual(["bengali"]);
    expect(read("telgu aur angrezi").languages).toEqual(["telugu", "english"]);
    expect(read("a Keralite nurse and a Kannadiga doctor").languages).toEqual(["malayalam", "kannada"]);
    expect(read("ஆங்கிலமும் தமிழும்").languages).toEqual(["english", "tamil"]);
    expect(understandQuery("Tamil or Malayalam speaker").languages_any).toBe(true);
    expect(understandQuery("Tamil and Malayalam speaker").languages_any).toBe(false);
  });

  it("does not read a language into unrelated words", () => {
    expect(read("a male lead for a thriller").languages).toEqual([]);
    expect(read("a manager at a mall").gender).toBeNull();
  });
});

describe("skills", () => {
  it("stand for the platform's skill tags", () => {
    expect(read("हास्य कलाकार").skills).toEqual(["stand-up comedy", "mimicry", "improvisation"]);
    expect(read("नृत्य में माहिर").skills).toContain("kathak");
    expect(read("classical dancer").skills).toEqual(["classical dance", "bharatanatyam", "kathak"]);
    expect(read("ಶಾಸ್ತ್ರೀಯ ನೃತ್ಯ").skills).toEqual(["classical dance", "bharatanatyam", "kathak"]);
    expect(read("ghudsawari aur tairaki").skills).toEqual(["horse riding", "swimming"]);
    expect(read("can play the guitar").skills).toEqual(["guitar"]);
    expect(read("ఈత వచ్చిన").skills).toEqual(["swimming"]);
  });
});

describe("cities", () => {
  it("by any name, inflected too", () => {
    expect(read("from Bombay").city).toBe("Mumbai");
    expect(read("Calcutta-based").city).toBe("Kolkata");
    expect(read("मुंबईचा").city).toBe("Mumbai");
    expect(read("ಮೈಸೂರಿನ").city).toBe("Mysuru");
    expect(read("சென்னையில்").city).toBe("Chennai");
    expect(read("nowhere in particular").city).toBeNull();
  });
});

describe("playing age", () => {
  it.each([
    ["aged 22 to 28", [22, 28]], ["28-34 saal", [28, 34]], ["४५ से ५० साल", [45, 50]], ["३० ते ३५", [30, 35]],
    ["in her early thirties", [30, 34]], ["late 40s", [45, 49]], ["in his fifties", [50, 59]], ["35 plus", [35, 100]],
    ["over 45", [45, 100]], ["पचपन के ऊपर", [55, 100]], ["पैंतालीस साल", [42, 48]], ["about 30 years old", [27, 33]],
    ["young", [18, 30]], ["युवा", [18, 30]], ["ಹಿರಿಯ", [58, 100]], ["middle-aged", [40, 55]], ["teenage", [13, 19]],
    ["grandmother", [58, 100]], ["kam umar ka", [18, 30]],
  ])("%s → %j", (q, range) => expect(read(q as string).age).toEqual(range));

  it("ignores numbers that are not ages", () => {
    expect(read("set in the 1940s").age).toBeNull();
    expect(read("2 songs, 3 scenes").age).toBeNull();
  });
});

describe("evidence", () => {
  it("names the words behind each reading", () => {
    const u = understandQuery("पंजाबी कॉमेडी करने वाला अभिनेता");
    expect(u.evidence).toEqual(expect.arrayContaining([
      { word: "अभिनेता", means: "gender: male" }, { word: "पंजाबी", means: "language: punjabi" },
      { word: "कॉमेडी", means: "skills: stand-up comedy, mimicry, improvisation" },
    ]));
  });
});
