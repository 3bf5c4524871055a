// Concept groups for the local embedder: words (English, Hinglish, romanised Indian-language
// words) that casting breakdowns and actor bios use for the same idea. A word in a group
// also lights up the group's concept, so "ladki" and "girl", or "naachti" and "dancer",
// land near each other without a neural model.
export const conceptGroups: Record<string, string[]> = {
  female: ["girl", "woman", "women", "lady", "ladki", "kudi", "heroine", "actress", "she", "her", "female", "bahu", "beti", "didi"],
  male: ["boy", "man", "men", "guy", "ladka", "munda", "hero", "he", "his", "male", "bhai", "beta", "bhaiya"],
  young: ["young", "youth", "youthful", "teen", "teenage", "teenager", "jawan", "fresh", "newcomer", "twenties"],
  elderly: ["old", "elderly", "senior", "aged", "buzurg", "grandmother", "grandfather", "dadi", "nani", "dada", "nana", "veteran", "weathered"],
  student: ["college", "student", "campus", "hostel", "university", "school", "class", "exam", "fresher"],
  streetwise: ["streetsmart", "street", "streetwise", "tapori", "hustler", "jugaad", "savvy", "chalu", "smart", "sharp", "chatur", "tough"],
  dance: ["dance", "dancer", "dancing", "dances", "naach", "nach", "naachti", "nachti", "naachta", "choreography", "kathak",
          "bharatanatyam", "hiphop", "bollywood", "classical", "nritya", "garba", "bhangra", "lavani"],
  music: ["sing", "singer", "singing", "gaana", "gana", "gaati", "gaata", "vocal", "vocalist", "guitar", "tabla", "music", "musician", "riyaz"],
  comedy: ["funny", "comic", "comedy", "comedian", "humour", "humor", "mazaak", "mazak", "witty", "standup", "jokes", "hasya", "timing", "quirky", "bubbly"],
  action: ["action", "fight", "fighter", "stunt", "stunts", "martial", "kalaripayattu", "boxing", "boxer", "combat", "karate", "mardaani"],
  intense: ["intense", "brooding", "serious", "dark", "gritty", "method", "emotional", "drama", "dramatic", "naturalistic", "gehra"],
  romance: ["romantic", "romance", "love", "pyaar", "ishq", "prem", "lover", "charming"],
  villain: ["villain", "antagonist", "negative", "khalnayak", "gangster", "goon", "don", "menacing", "crook", "criminal"],
  police: ["cop", "police", "inspector", "havaldar", "constable", "officer", "detective", "crime", "branch", "investigator"],
  law: ["lawyer", "advocate", "vakeel", "vakil", "legal", "court", "judge", "attorney"],
  media: ["journalist", "reporter", "news", "anchor", "patrakar", "editor", "press"],
  rural: ["village", "rural", "gaon", "gaanv", "farmer", "kisan", "fisherwoman", "fisherman", "fishing", "coast", "desi", "small-town"],
  urban: ["city", "urban", "metro", "corporate", "startup", "founder", "techie", "coder", "office", "posh", "modern"],
  elite: ["rich", "aristocratic", "royal", "elite", "wealthy", "ameer", "heiress", "heir", "tycoon", "business", "businessman"],
  family: ["mother", "maa", "amma", "aai", "mom", "father", "papa", "baba", "appa", "dad", "parent", "wife", "husband", "family"],
  driver: ["driver", "driving", "taxi", "cab", "rickshaw", "auto", "motorcycle", "bike", "biker", "rider", "mechanic"],
  sport: ["cricket", "football", "athlete", "sports", "sportsperson", "swimming", "swimmer", "yoga", "fitness", "gym", "horse", "riding"],
  theatre: ["theatre", "theater", "stage", "nsd", "natak", "rangmanch", "improvisation", "improv", "workshop", "play"],
  screen: ["ott", "series", "web", "film", "films", "camera", "screen", "ads", "commercial", "tvc", "television", "serial"],
  voice: ["dubbing", "voice", "mimicry", "voiceover", "narration", "radio"],
  leader: ["leader", "union", "activist", "neta", "politician", "fierce", "boss", "head", "captain", "confident"],
  warm: ["warm", "gentle", "kind", "soft", "innocent", "sweet", "caring", "pyari", "bholi"],
  energetic: ["energetic", "energy", "lively", "chirpy", "spirited", "josh", "hyper", "dynamic", "fast", "talker"],
  mumbai: ["mumbai", "bombay", "bambai", "mumbaikar", "andheri", "bandra", "dadar", "thane"],
  delhi: ["delhi", "dilli", "noida", "gurgaon", "gurugram"],
  bengaluru: ["bengaluru", "bangalore", "bengaluru-based"],
  chennai: ["chennai", "madras"],
  kolkata: ["kolkata", "calcutta"],
  marathi: ["marathi", "maharashtrian", "marathmoli"],
  hindi: ["hindi", "hindustani", "hinglish"],
  tamil: ["tamil", "tamizh"],
  telugu: ["telugu"],
  bengali: ["bengali", "bangla"],
  gujarati: ["gujarati"],
  malayalam: ["malayalam", "malayali"],
  kannada: ["kannada"],
  punjabi: ["punjabi", "panjabi"],
  english: ["english", "angrezi"],
  poetry: ["poetry", "poet", "shayari", "shayar", "kavita", "writer", "writes"],
};

// Words that carry no meaning for matching: English function words, Hinglish particles,
// and the scaffolding words every document has ("speaks", "skills", "based").
export const stopwords = new Set(
  ("a an the and or of to in on at for with from by is are was be been am this that who which as it its into " +
    "very also has have had can will would my our your their me we you they them i " +
    "hai hoon hun ho ka ki ke ko se mein main bhi aur ya toh to hi na nahi kar kiya kiye karta karti " +
    "speaks skills based playing age languages language years year works comfortable fluent trained")
    .split(" "),
);
