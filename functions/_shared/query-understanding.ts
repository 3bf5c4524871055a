// What a casting query asks for, in any script: the gender, languages, skills, city and playing
// age it names. talent-search sends the result to search_talent, which makes gender, languages and
// age hard filters and skills and city preferences, and shows them in each result's explanation.
//
// Words are matched through functions/_shared/romanise.ts, so one entry covers a word's spellings
// ("abhinetri"/"abhinetree", "बंगाली"/"ਬੰਗਾਲੀ") but Latin-written and Indic-written entries are
// kept apart: romanised, Hindi "माँ" (mother) is "man". Words written in an Indian script also
// match inflected and compound forms that begin with an entry of five or more letters
// ("কলকাতার" is Kolkata's, "বাংলাভাষী" Bangla-speaking, "ಬೆಂಗಳೂರಿನ" of Bengaluru).
//
// A possessor does not set the gender ("the hero's sister", "हीरो की बहन" ask for a woman); when
// a query still names both genders ("actor or actress", "mother and son") it sets none.
// Pure and deterministic: no I/O, so it runs in Deno and Node alike and is unit-tested.
import { romanWords, scriptOf, spellingKey } from "./romanise.ts";

export type Gender = "female" | "male";
export type Understood = {
  gender: Gender | null;
  /** language tags the query names; all of them must be spoken unless languages_any */
  languages: string[];
  /** the languages were joined by "or": any of them, a preference rather than a filter */
  languages_any: boolean;
  /** skill tags the query's skill words stand for (any of them fits), a preference */
  skills: string[];
  /** a city the query names, a preference */
  city: string | null;
  /** playing age the query names (young, 40s, "25 से 30 साल"…); the talent's range must overlap */
  age_min: number | null;
  age_max: number | null;
  /** which words meant what, for the explanation */
  evidence: Array<{ word: string; means: string }>;
};

// ── The vocabulary ──────────────────────────────────────────────────────────────────────────
// Each entry: words in any script (Latin-written ones may be English or romanised Indian words).

const FEMALE = [
  "actress", "actresses", "heroine", "heroines", "woman", "women", "girl", "girls", "lady", "ladies", "female", "mother", "mom",
  "mum", "wife", "daughter", "sister", "aunt", "aunty", "auntie", "grandmother", "granny", "grandma", "bride", "housewife",
  "girlfriend", "queen", "she", "her", "widow", "fisherwoman", "actresss",
  "ladki", "ladkiyan", "aurat", "mahila", "abhinetri", "adakara", "nayika", "heroin", "kudi", "mulgi", "maa", "mummy", "amma",
  "behen", "bahen", "didi", "bahu", "beti", "dadi", "nani", "chachi", "mausi", "bua", "bhabhi", "patni", "biwi", "dulhan",
  "stree", "istri", "grihini", "gharwali",
  "लड़की", "औरत", "महिला", "अभिनेत्री", "अदाकारा", "नायिका", "हीरोइन", "माँ", "मां", "माता", "बहन", "बेटी", "दादी", "नानी",
  "पत्नी", "बीवी", "दुल्हन", "स्त्री", "गृहिणी", "भाभी", "चाची", "मौसी", "बुआ", "मुलगी", "नर्तकी", "गायिका", "छात्रा", "आजी",
  "মেয়ে", "মহিলা", "অভিনেত্রী", "নায়িকা", "বোন", "মেয়েটি", "স্ত্রী", "ঠাকুমা", "দিদিমা", "তরুণী", "গৃহবধূ", "নারী", "মা",
  "ਕੁੜੀ", "ਔਰਤ", "ਅਦਾਕਾਰਾ", "ਅਭਿਨੇਤਰੀ", "ਹੀਰੋਇਨ", "ਮਾਂ", "ਭੈਣ", "ਧੀ", "ਦਾਦੀ", "ਬੀਬੀ", "ਜਨਾਨੀ",
  "છોકરી", "સ્ત્રી", "મહિલા", "અભિનેત્રી", "હીરોઈન", "હીરોઇન", "માતા", "બહેન", "દીકરી", "દાદી", "નાયિકા",
  "பெண்", "நடிகை", "கதாநாயகி", "அம்மா", "தாய்", "பாட்டி", "சகோதரி", "மகள்", "மனைவி", "ஆசிரியை", "இளம்பெண்",
  "అమ్మాయి", "నటి", "మహిళ", "హీరోయిన్", "నాయిక", "కథానాయిక", "తల్లి", "అమ్మ", "అక్క", "చెల్లి", "కూతురు", "భార్య", "బామ్మ",
  "అమ్మమ్మ", "నానమ్మ", "స్త్రీ",
  "ಹುಡುಗಿ", "ನಟಿ", "ಮಹಿಳೆ", "ನಾಯಕಿ", "ಹೆಣ್ಣು", "ತಾಯಿ", "ಅಮ್ಮ", "ಅಜ್ಜಿ", "ಅಕ್ಕ", "ಮಗಳು", "ಹೆಂಡತಿ", "ಸ್ತ್ರೀ", "ಸ್ಥಾಪಕಿ",
  "പെൺകുട്ടി", "നടി", "സ്ത്രീ", "നായിക", "അമ്മ", "അമ്മൂമ്മ", "മുത്തശ്ശി", "ചേച്ചി", "മകൾ", "ഭാര്യ", "യുവതി",
];
const MALE = [
  "actor", "hero", "man", "men", "guy", "guys", "boy", "boys", "male", "father", "dad", "husband", "son", "brother", "uncle",
  "grandfather", "grandpa", "groom", "gentleman", "he", "him", "his", "king", "sardar", "sardarji", "fisherman", "headman",
  "policeman", "businessman", "munda", "ladka", "ladke", "aadmi", "mard", "purush", "vyapari", "naujawan", "abhineta", "nayak", "mulga", "pita",
  "baap", "papa", "beta", "bhai", "bhaiya", "chacha", "dada", "nana", "pati", "dulha", "khalnayak", "kaka", "policewala",
  "लड़का", "आदमी", "मर्द", "पुरुष", "अभिनेता", "नायक", "हीरो", "मुंडा", "पिता", "बाप", "बेटा", "भाई", "चाचा", "दादा", "नाना",
  "पति", "दूल्हा", "खलनायक", "अंकल", "पुलिसवाला", "मुलगा", "माणूस", "व्यापारी", "नौजवान", "नर्तक", "गायक", "छात्र", "सरदार", "आजोबा",
  "ছেলে", "পুরুষ", "অভিনেতা", "নায়ক", "হিরো", "বাবা", "ভাই", "দাদু", "ঠাকুরদা", "স্বামী", "ছেলেটি",
  "ਮੁੰਡਾ", "ਆਦਮੀ", "ਅਦਾਕਾਰ", "ਅਭਿਨੇਤਾ", "ਹੀਰੋ", "ਪਿਤਾ", "ਪਿਓ", "ਭਰਾ", "ਦਾਦਾ", "ਪੁੱਤ", "ਸਰਦਾਰ", "ਨੌਜਵਾਨ",
  "છોકરો", "પુરુષ", "અભિનેતા", "હીરો", "પિતા", "કાકા", "ભાઈ", "દાદા", "દીકરો", "નાયક", "વેપારી",
  "ஆண்", "நடிகர்", "கதாநாயகன்", "ஹீரோ", "அப்பா", "தந்தை", "தாத்தா", "அண்ணன்", "தம்பி", "மகன்", "கணவன்", "இளைஞன்", "இளைஞர்",
  "అబ్బాయి", "నటుడు", "హీరో", "నాయకుడు", "కథానాయకుడు", "తండ్రి", "నాన్న", "తాత", "తమ్ముడు", "కొడుకు", "భర్త", "పురుషుడు",
  "యువకుడు",
  "ಹುಡುಗ", "ನಟ", "ನಾಯಕ", "ಗಂಡಸು", "ಪುರುಷ", "ತಂದೆ", "ಅಪ್ಪ", "ಅಜ್ಜ", "ಅಣ್ಣ", "ಮಗ", "ಗಂಡ", "ಖಳನಾಯಕ", "ಯುವಕ",
  "ആൺകുട്ടി", "നടൻ", "നായകൻ", "പുരുഷൻ", "അച്ഛൻ", "അപ്പൻ", "മുത്തച്ഛൻ", "ചേട്ടൻ", "മകൻ", "ഭർത്താവ്", "യുവാവ്", "മധ്യവയസ്കൻ",
];
// Grammatical gender where no noun says it: "bolne wali" (she who speaks), "करणारा" (he who does).
// A genitive agrees with what it qualifies ("चालीस का … ड्राइवर"), unless that is the role itself
// ("टीचर का किरदार"); Marathi adjectives end in -चा/-ची, participles in -णारा/-णारी.
const FEMALE_WEAK = ["wali", "vali", "वाली", "ਵਾਲੀ", "ki", "की", "ਦੀ"];
const MALE_WEAK = ["wala", "vala", "wale", "वाला", "वाले", "ਵਾਲਾ", "ka", "का", "ਦਾ"];
const FEMALE_SUFFIX = /(?:णारी|ची)$/u;
const MALE_SUFFIX = /(?:णारा|चा)$/u;
const ROLE_WORDS = ["role", "roll", "kirdar", "character", "part", "bhumika", "किरदार", "रोल", "भूमिका", "ਕਿਰਦਾਰ", "ভূমিকা", "চরিত্র",
  "ભૂમિકા", "પાત્ર", "வேடம்", "పాత్ర", "ಪಾತ್ರ", "വേഷം"];
// A gender word followed by one of these possesses the next one ("हीरो की बहन", "hero ki behen").
const GENITIVE = ["ki", "ka", "ke", "की", "का", "के", "ਦੀ", "ਦਾ", "ਦੇ", "'s"];
const OR = ["or", "ya", "या", "अथवा", "athva", "অথবা", "ਜਾਂ", "અથવા", "அல்லது", "లేదా", "ಅಥವಾ", "അല്ലെങ്കിൽ", "किंवा"];

const LANGUAGES: Record<string, string[]> = {
  hindi: ["hindi", "hindustani", "हिंदी", "हिन्दी", "হিন্দি", "ਹਿੰਦੀ", "હિન્દી", "இந்தி", "ஹிந்தி", "హిందీ", "ಹಿಂದಿ", "ഹിന്ദി"],
  marathi: ["marathi", "maharashtrian", "marathmoli", "मराठी", "মারাঠি", "ਮਰਾਠੀ", "મરાઠી", "மராத்தி", "మరాఠీ", "ಮರಾಠಿ", "മറാത്തി"],
  tamil: ["tamil", "tamizh", "thamizh", "tamilian", "தமிழ்", "தமிழன்", "तमिल", "তামিল", "ਤਮਿਲ", "તમિલ", "తమిళం", "తమిళ", "ತಮಿಳು",
          "തമിഴ്"],
  telugu: ["telugu", "telgu", "telegu", "తెలుగు", "तेलुगु", "तेलगू", "তেলুগু", "ਤੇਲਗੂ", "તેલુગુ", "தெலுங்கு", "ತೆಲುಗು", "തെലുങ്ക്"],
  bengali: ["bengali", "bangla", "bangali", "bengalee", "bong", "বাংলা", "বাঙালি", "বাঙালী", "बंगाली", "बांग्ला", "बंगला", "ਬੰਗਾਲੀ", "બંગાળી",
            "வங்காளம்", "பெங்காலி", "బెంగాలీ", "ಬಂಗಾಳಿ", "ബംഗാളി"],
  gujarati: ["gujarati", "gujrati", "gujju", "gujarathi", "ગુજરાતી", "गुजराती", "গুজরাটি", "ਗੁਜਰਾਤੀ", "குஜராத்தி", "గుజరాతీ", "ಗುಜರಾತಿ",
             "ഗുജറാത്തി"],
  malayalam: ["malayalam", "malyalam", "malayali", "malayalee", "keralite", "mallu", "മലയാളം", "മലയാളി", "मलयालम", "मलयाली",
              "মালায়ালম", "ਮਲਿਆਲਮ", "મલયાલમ", "மலையாளம்", "మలయాళం", "ಮಲಯಾಳಂ"],
  kannada: ["kannada", "kannad", "kanada", "kannadiga", "ಕನ್ನಡ", "ಕನ್ನಡಿಗ", "कन्नड़", "कन्नड", "কন্নড়", "ਕੰਨੜ", "કન્નડ", "கன்னடம்",
            "కన్నడ", "കന്നഡ"],
  punjabi: ["punjabi", "panjabi", "ਪੰਜਾਬੀ", "पंजाबी", "পাঞ্জাবি", "પંજાબી", "பஞ்சாபி", "పంజాబీ", "ಪಂಜಾಬಿ", "പഞ്ചാബി"],
  english: ["english", "angrezi", "angreji", "अंग्रेज़ी", "अंग्रेजी", "इंग्लिश", "ইংরেজি", "ਅੰਗਰੇਜ਼ੀ", "અંગ્રેજી", "ஆங்கிலம்", "ఇంగ్లీష్",
            "ಇಂಗ್ಲಿಷ್", "ഇംഗ്ലീഷ്"],
  odia: ["odia", "oriya", "ଓଡ଼ିଆ", "ओड़िया", "उड़िया"],
  assamese: ["assamese", "asamiya", "অসমীয়া", "असमिया"],
  urdu: ["urdu", "उर्दू"],
  bhojpuri: ["bhojpuri", "भोजपुरी"],
  konkani: ["konkani", "कोंकणी"],
};

// Skill words → the platform's skill tags they stand for (any of them fits).
const DANCE = ["classical dance", "bharatanatyam", "kathak", "hip hop", "bollywood dance"];
const CLASSICAL = ["classical dance", "bharatanatyam", "kathak"];
const COMEDY = ["stand-up comedy", "mimicry", "improvisation"];
const ACTION = ["martial arts", "kalaripayattu", "stage combat"];
const SKILLS: Array<[string[], string[]]> = [
  [DANCE, ["dance", "dancer", "dancing", "dances", "naach", "nach", "naachna", "naachne", "nachne", "naachti", "nachti", "naachta",
           "nritya", "garba", "lavani", "bhangra", "giddha", "choreography", "नृत्य", "नाच", "नाचना", "नाचने", "नाचती", "नाचता", "डांस",
           "नर्तकी", "नर्तक", "गरबा", "लावणी", "भांगड़ा", "नाचणारी", "नाचणारा", "नृत्यांगना", "নাচ", "নৃত্য", "নাচতে", "নৃত্যশিল্পী",
           "ਨੱਚਣ", "ਨਾਚ", "ਭੰਗੜਾ", "ਗਿੱਧਾ", "ਡਾਂਸ", "ગરબા", "નૃત્ય", "ડાન્સ", "நடனம்", "நாட்டியம்", "டான்ஸ்", "నృత్యం", "నాట్యం",
           "డ్యాన్స్", "ನೃತ್ಯ", "ನಾಟ್ಯ", "ಡ್ಯಾನ್ಸ್", "നൃത്തം", "ഡാൻസ്"]],
  [CLASSICAL, ["kuchipudi", "mohiniyattam", "odissi", "कुचिपुड़ी", "కూచిపూడి", "മോഹിനിയാട്ടം"]],
  [["bharatanatyam", "classical dance"], ["bharatanatyam", "bharatnatyam", "भरतनाट्यम", "பரதநாட்டியம்", "భరతనాట్యం", "ಭರತನಾಟ್ಯ", "ഭരതനാട്യം"]],
  [["kathak", "classical dance"], ["kathak", "कथक", "কত্থক"]],
  [["hip hop"], ["hip hop", "hiphop", "हिप हॉप"]],
  [["bollywood dance"], ["bollywood dance"]],
  [COMEDY, ["comedy", "comedian", "comic", "standup", "stand-up", "hasya", "mazakiya", "हास्य", "कॉमेडी", "कॉमेडियन", "मज़ाकिया",
            "কমেডি", "হাস্যরস", "ਕਾਮੇਡੀ", "ਹਾਸਾ", "કોમેડી", "હાસ્ય", "நகைச்சுவை", "காமெடி", "హాస్య", "హాస్యం", "కామెడీ", "ಹಾಸ್ಯ",
            "ಕಾಮಿಡಿ", "ഹാസ്യം", "കോമഡി", "विनोदी"]],
  [["mimicry"], ["mimicry", "mimic", "मिमिक्री", "মিমিক্রি", "మిమిక్రీ", "മിമിക്രി"]],
  [["improvisation"], ["improv", "improvisation"]],
  [["singing"], ["sing", "singer", "singing", "sings", "gaana", "gana", "gaane", "gaati", "gaata", "gayak", "gayika", "sangeet",
                 "गाना", "गाने", "गाती", "गाता", "गायक", "गायिका", "गायन", "गाणे", "গান", "গাইতে", "গায়ক", "গায়িকা", "ਗਾਉਣ", "ਗਾਇਕ",
                 "ਗਾਇਕਾ", "ગાયક", "ગાયિકા", "பாடகர்", "பாடகி", "பாடும்", "పాడే", "గాయని", "గాయకుడు", "ಹಾಡು", "ಗಾಯಕ", "ಗಾಯಕಿ",
                 "പാടാൻ", "ഗായിക", "ഗായകൻ"]],
  [["singing", "guitar", "tabla"], ["music", "musician", "संगीत", "সঙ্গীত", "ਸੰਗੀਤ", "સંગીત", "இசை", "సంగీతం", "ಸಂಗೀತ", "സംഗീതം"]],
  [["guitar"], ["guitar", "guitarist", "गिटार", "গিটার", "ਗਿਟਾਰ", "ગિટાર", "கிட்டார்", "గిటార్", "ಗಿಟಾರ್", "ഗിറ്റാർ"]],
  [["tabla"], ["tabla", "तबला", "তবলা", "ਤਬਲਾ", "તબલા", "தபேலா", "తబలా", "ತಬಲಾ", "തബല"]],
  [ACTION, ["action", "stunt", "stunts", "stuntman", "fight", "fighting", "fights", "martial", "combat", "karate", "kungfu",
            "एक्शन", "स्टंट", "मार्शल", "लड़ाई", "मारधाड़", "ফাইট", "অ্যাকশন", "স্টান্ট", "ਐਕਸ਼ਨ", "ਸਟੰਟ", "એક્શન", "સ્ટંટ", "சண்டை",
            "ஆக்ஷன்", "ஸ்டண்ட்", "యాక్షన్", "ఫైట్", "స్టంట్", "ಆಕ್ಷನ್", "ಸ್ಟಂಟ್", "ಸಾಹಸ", "ആക്ഷൻ", "സ്റ്റണ്ട്"]],
  [["kalaripayattu", "martial arts"], ["kalari", "kalaripayattu", "कलारीपयट्टु", "കളരിപ്പയറ്റ്", "കളരി"]],
  [["horse riding"], ["horse", "horses", "horseback", "ghoda", "ghudsawari", "घुड़सवारी", "घोड़ा", "ਘੋੜਾ", "ਘੋੜਸਵਾਰੀ", "ઘોડેસવારી",
                      "குதிரை", "గుర్రపు", "గుర్రం", "ಕುದುರೆ", "കുതിര"]],
  [["driving", "motorcycle"], ["drive", "driving", "driver", "motorcycle", "motorcycles", "motorbike", "bike", "biker", "मोटरसाइकिल",
                              "बाइक", "ड्राइविंग", "ড্রাইভিং", "বাইক", "ਬਾਈਕ", "બાઇક", "பைக்", "బైక్", "ಬೈಕ್", "ബൈക്ക്"]],
  [["swimming"], ["swim", "swims", "swimmer", "swimming", "tairna", "tairaki", "तैराकी", "तैरना", "সাঁতার", "ਤੈਰਾਕੀ", "તરવું",
                  "நீச்சல்", "ఈత", "ಈಜು", "നീന്തൽ", "നീന്താൻ"]],
  [["football"], ["football", "footballer", "फ़ुटबॉल", "फुटबॉल", "ফুটবল", "ਫੁੱਟਬਾਲ", "ફૂટબોલ", "கால்பந்து", "ఫుట్‌బాల్", "ಫುಟ್ಬಾಲ್",
                  "ഫുട്ബോൾ"]],
  [["cricket"], ["cricket", "cricketer", "क्रिकेट", "ক্রিকেট", "ਕ੍ਰਿਕਟ", "ક્રિકેટ", "கிரிக்கெட்", "క్రికెట్", "ಕ್ರಿಕೆಟ್", "ക്രിക്കറ്റ്"]],
  [["cricket", "football"], ["sports", "sportsperson", "athlete", "athletic"]],
  [["dubbing", "voice acting"], ["dubbing", "dub", "voice", "voiceover", "डबिंग", "आवाज़", "आवाज", "ডাবিং", "ਡਬਿੰਗ", "ડબિંગ",
                                 "டப்பிங்", "డబ్బింగ్", "ಡಬ್ಬಿಂಗ್", "ഡബ്ബിംഗ്"]],
  [["theatre"], ["theatre", "theater", "stage", "natak", "rangmanch", "थिएटर", "रंगमंच", "नाटक", "নাটক", "থিয়েটার", "ਥੀਏਟਰ", "ਨਾਟਕ",
                 "નાટક", "રંગભૂમિ", "நாடகம்", "నాటకం", "నాటక", "రంగస్థలం", "ನಾಟಕ", "ರಂಗಭೂಮಿ", "നാടകം"]],
  [["yoga"], ["yoga", "योग"]],
];
const CLASSICAL_WORDS = ["classical", "shastriya", "शास्त्रीय", "শাস্ত্রীয়", "ਸ਼ਾਸਤਰੀ", "શાસ્ત્રીય", "செவ்வியல்", "శాస్త్రీయ", "ಶಾಸ್ತ್ರೀಯ", "ശാസ്ത്രീയ"];

const CITIES: Record<string, string[]> = {
  Mumbai: ["mumbai", "bombay", "bambai", "मुंबई", "मुम्बई", "बंबई", "মুম্বাই", "ਮੁੰਬਈ", "મુંબઈ", "மும்பை", "ముంబై", "ಮುಂಬೈ", "മുംബൈ"],
  Delhi: ["delhi", "dilli", "दिल्ली", "দিল্লি", "ਦਿੱਲੀ", "દિલ્હી", "டெல்லி", "ఢిల్లీ", "ದೆಹಲಿ", "ഡൽഹി"],
  Kolkata: ["kolkata", "calcutta", "कोलकाता", "कलकत्ता", "কলকাতা", "ਕੋਲਕਾਤਾ", "કોલકાતા", "கொல்கத்தா", "కోల్‌కతా", "ಕೋಲ್ಕತ್ತಾ", "കൊൽക്കത്ത"],
  Chennai: ["chennai", "madras", "चेन्नई", "চেন্নাই", "ਚੇਨਈ", "ચેન્નઈ", "சென்னை", "చెన్నై", "ಚೆನ್ನೈ", "ചെന്നൈ"],
  Bengaluru: ["bengaluru", "bangalore", "बेंगलुरु", "बेंगलूरु", "बैंगलोर", "বেঙ্গালুরু", "ਬੰਗਲੌਰ", "બેંગલુરુ", "பெங்களூர்", "బెంగళూరు",
              "ಬೆಂಗಳೂರು", "ബെംഗളൂരു"],
  Hyderabad: ["hyderabad", "हैदराबाद", "হায়দ্রাবাদ", "ਹੈਦਰਾਬਾਦ", "હૈદરાબાદ", "ஹைதராபாத்", "హైదరాబాద్", "ಹೈದರಾಬಾದ್", "ഹൈദരാബാദ്"],
  Pune: ["pune", "poona", "पुणे", "पुण्या", "পুনে", "ਪੁਣੇ", "પુણે", "புனே", "పూణే", "ಪುಣೆ", "പൂനെ"],
  Nagpur: ["nagpur", "नागपुर", "नागपूर"],
  Nashik: ["nashik", "nasik", "नाशिक", "नासिक"],
  Ahmedabad: ["ahmedabad", "amdavad", "अहमदाबाद", "અમદાવાદ"],
  Surat: ["surat", "सूरत", "સુરત"],
  Vadodara: ["vadodara", "baroda", "वडोदरा", "વડોદરા"],
  Kochi: ["kochi", "cochin", "कोच्चि", "കൊച്ചി", "கொச்சி"],
  Thiruvananthapuram: ["thiruvananthapuram", "trivandrum", "तिरुवनंतपुरम", "തിരുവനന്തപുരം"],
  Kozhikode: ["kozhikode", "calicut", "कोझिकोड", "കോഴിക്കോട്"],
  Mysuru: ["mysuru", "mysore", "मैसूर", "ಮೈಸೂರು"],
  Mangaluru: ["mangaluru", "mangalore", "मंगलुरु", "मैंगलोर", "ಮಂಗಳೂರು"],
  Ludhiana: ["ludhiana", "लुधियाना", "ਲੁਧਿਆਣਾ"],
  Amritsar: ["amritsar", "अमृतसर", "ਅੰਮ੍ਰਿਤਸਰ"],
  Chandigarh: ["chandigarh", "चंडीगढ़", "ਚੰਡੀਗੜ੍ਹ"],
  Visakhapatnam: ["visakhapatnam", "vizag", "vishakhapatnam", "विशाखापत्तनम", "విశాఖపట్నం", "వైజాగ్"],
  Vijayawada: ["vijayawada", "विजयवाड़ा", "విజయవాడ"],
  Coimbatore: ["coimbatore", "kovai", "कोयंबटूर", "கோயம்புத்தூர்", "கோவை"],
  Madurai: ["madurai", "मदुरै", "மதுரை"],
  Siliguri: ["siliguri", "सिलीगुड़ी", "শিলিগুড়ি"],
  Jaipur: ["jaipur", "जयपुर"],
  Lucknow: ["lucknow", "लखनऊ"],
  Bhopal: ["bhopal", "भोपाल"],
  Goa: ["goa", "गोवा"],
};

// Ages: the playing-age range a word names.
const YOUNG: [number, number] = [18, 30];
const AGES: Array<[[number, number], string[]]> = [
  [YOUNG, ["young", "younger", "youthful", "youth", "jawan", "jawaan", "javan", "naujawan", "yuva", "tarun", "yuvak", "yuvati",
           "युवा", "जवान", "नौजवान", "तरुण", "युवक", "युवती", "তরুণ", "তরুণী", "যুবক", "ਨੌਜਵਾਨ", "ਜਵਾਨ", "યુવાન", "યુવા", "இளம்",
           "இளைஞன்", "இளைஞர்", "యువ", "యువకుడు", "ಯುವ", "ಯುವಕ", "യുവ", "യുവാവ്", "യുവതി"]],
  [[13, 19], ["teen", "teens", "teenage", "teenager", "kishor", "किशोर", "किशोरी", "किशोरवयीन", "কিশোর", "কিশোরী", "ਕਿਸ਼ੋਰ"]],
  [[40, 55], ["adhed", "अधेड़", "मध्यवयस्क", "মধ্যবয়সী", "ਅਧਖੜ", "આધેડ", "மத்திய", "ಮಧ್ಯವಯಸ್ಸಿನ", "ಮಧ್ಯವಯಸ್ಕ", "മധ്യവയസ്കൻ",
              "മധ്യവയസ്കനായ"]],
  [[58, 100], ["old", "older", "elderly", "aged", "senior", "buzurg", "budha", "budhi", "boodha", "boodhi", "बुज़ुर्ग", "बुजुर्ग",
               "बूढ़ा", "बूढ़ी", "वयस्कर", "म्हातारा", "म्हातारी", "বয়স্ক", "বৃদ্ধ", "বৃদ্ধা", "ਬਜ਼ੁਰਗ", "વૃદ્ધ", "முதிய", "வயதான",
               "వృద్ధ", "వృద్ధుడు", "ಹಿರಿಯ", "ವೃದ್ಧ", "വൃദ്ധ", "വയസ്സായ", "grandmother", "grandfather", "granny", "grandma",
               "grandpa", "dadi", "nani", "dada", "nana", "दादी", "नानी", "दादा", "नाना", "आजी", "आजोबा", "ঠাকুমা", "দিদিমা",
               "দাদু", "ঠাকুরদা", "ਦਾਦੀ", "ਦਾਦਾ", "દાદી", "દાદા", "பாட்டி", "தாத்தா", "బామ్మ", "అమ్మమ్మ", "నానమ్మ", "తాత", "ಅಜ್ಜಿ",
               "ಅಜ್ಜ", "അമ്മൂമ്മ", "മുത്തശ്ശി", "മുത്തച്ഛൻ"]],
];
// Hindi number words people write ages in ("तीस-पैंतीस साल", "tees ke aaspaas").
const NUMBER_WORDS: Record<string, number> = {
  bees: 20, bis: 20, baees: 22, bais: 22, pachees: 25, pachis: 25, tees: 30, tis: 30, paintees: 35, paintis: 35, chalees: 40,
  chalis: 40, paintalees: 45, paintalis: 45, pachaas: 50, pachas: 50, pachpan: 55, saath: 60, sath: 60, sattar: 70,
  "बीस": 20, "बाईस": 22, "पच्चीस": 25, "तीस": 30, "पैंतीस": 35, "चालीस": 40, "पैंतालीस": 45, "पचास": 50, "पचपन": 55,
  "साठ": 60, "सत्तर": 70, "ਚਾਲੀ": 40, "ਤੀਹ": 30, "ਪੰਜਾਹ": 50, "ਸੱਠ": 60,
};
const DECADES: Record<string, number> = { twenties: 20, thirties: 30, forties: 40, fifties: 50, sixties: 60, seventies: 70 };
const AGE_UNITS = ["saal", "sal", "years", "year", "yrs", "yr", "yo", "varsh", "umar", "umra", "age", "aged", "साल", "वर्ष", "वर्षांचा",
  "वर्षांची", "वयाची", "वयाचा", "उम्र", "বছর", "বছরের", "ਸਾਲ", "વર્ષ", "வயது", "ఏళ్ల", "ఏళ్లు", "సంవత్సరాల", "ವರ್ಷ", "ವಯಸ್ಸಿನ",
  "വയസ്സ്", "വയസ്സുള്ള"];
const RANGE_JOINERS = ["to", "se", "से", "थी", "ते", "முதல்", "నుండి", "ਤੋਂ", "থেকে", "ರಿಂದ", "മുതൽ", "and"];
const PLUS = ["plus", "upar", "above", "over", "ऊपर", "पार", "ज़्यादा", "ज्यादा", "वधु", "વધુ", "ಮೇಲ್ಪಟ್ಟ", "മുകളിൽ", "ਉੱਤੇ"];
const AROUND = ["aaspaas", "aspas", "around", "about", "आसपास", "लगभग"];
const EARLY_LATE: Record<string, [number, number]> = { early: [0, 4], mid: [3, 7], late: [5, 9] };

// ── Matching words ─────────────────────────────────────────────────────────────────────────

const isIndic = (word: string) => [...word].some((c) => scriptOf(c) !== null);
const scriptName = (word: string) => [...word].map((c) => scriptOf(c)?.name).find(Boolean) ?? "";
/** The key a word is matched by: its romanised spelling key. */
export function wordKey(word: string): string {
  if (word === "'s") return "'s";
  return romanWords(word).map(spellingKey).join("");
}

type Meaning = { kind: "female" | "male" | "female_weak" | "male_weak" | "language" | "skill" | "city" | "age" | "classical" |
  "genitive" | "or" | "age_unit" | "range" | "plus" | "around" | "role"; value?: string; tags?: string[]; range?: [number, number] };

// Case endings and postpositions written onto a word, by script (Gujarati માતાનું "mother's",
// Marathi पुण्याची, Tamil சென்னையைச், Kannada ಬೆಂಗಳೂರಿನ, Malayalam നഴ്സിന്റെ…).
const SUFFIXES = ["નું", "ની", "નો", "ના", "માં", "ચા", "ચી", "चा", "ची", "चे", "च्या", "ला", "ने", "ত", "র", "এর", "ের", "কে",
  "ਦਾ", "ਦੀ", "ਦੇ", "ੇ", "ின்", "இன்", "ைச்", "க்கு", "ில்", "ని", "కి", "లో", "ల్లో", "ನ", "ದ", "ಗೆ", "ಲ್ಲಿ", "ನಲ್ಲಿ", "ിന്റെ", "ന്റെ",
  "യിലെ", "ിലെ", "ിൽ", "ത്തെ"].sort((a, b) => b.length - a.length);
const letters = (word: string) => word.replace(/\p{M}/gu, "").length;

class Lexicon {
  private latin = new Map<string, Meaning[]>();
  // romanised keys can meet across scripts (Tamil பாட்டி "grandmother" and Hindi पति "husband" are
  // both "pati"): a word's own script's entries win
  private indic = new Map<string, Array<{ script: string; meaning: Meaning }>>();
  // Indic entries as written, without their final vowel sign, longest first: a word that begins
  // with one (3+ letters) is an inflected or compound form of it. Compared in the script itself,
  // so a Kannada word never matches a Gujarati entry's romanisation.
  private stems: Array<[string, Meaning[]]> = [];
  private stemSource: Array<[string, Meaning]> = [];

  add(words: string[], meaning: Meaning): void {
    for (const word of words) {
      const key = word.includes(" ") ? word.split(" ").map(wordKey).join(" ") : wordKey(word);
      if (!key) continue;
      if (isIndic(word)) this.indic.set(key, [...(this.indic.get(key) ?? []), { script: scriptName(word), meaning }]);
      else this.latin.set(key, [...(this.latin.get(key) ?? []), meaning]);
      if (isIndic(word) && !word.includes(" ")) this.stemSource.push([word.normalize("NFC"), meaning]);
    }
  }

  finish(): void {
    const stems = new Map<string, Meaning[]>();
    for (const [word, meaning] of this.stemSource) {
      const stem = word.replace(/\p{M}+$/u, "");
      // the whole entry from 2 letters and 4 code points (বাংলা in বাংলাভাষী), a stem from 3 letters
      if (letters(word) >= 3 || (letters(word) >= 2 && word.length >= 4)) stems.set(word, [...(stems.get(word) ?? []), meaning]);
      if (stem !== word && letters(stem) >= 3) stems.set(stem, [...(stems.get(stem) ?? []), meaning]);
    }
    this.stems = [...stems].sort((a, b) => b[0].length - a[0].length);
  }

  /** Meanings of one word: an exact entry, an English plural, (Indic) the word without a case
   *  ending, or the longest entry it begins with. */
  lookup(word: string, key: string): Meaning[] {
    if (isIndic(word)) {
      const exact = this.indicMeanings(key, word);
      if (exact) return exact;
      for (const suffix of SUFFIXES) {
        if (word.length > suffix.length + 1 && word.endsWith(suffix)) {
          const base = this.indicMeanings(wordKey(word.slice(0, -suffix.length)), word);
          if (base) return base;
        }
      }
      for (const [stem, meanings] of this.stems) if (word.length > stem.length && word.startsWith(stem)) return meanings;
      return [];
    }
    return this.latin.get(key) ?? (key.length > 4 && key.endsWith("s") ? this.latin.get(key.slice(0, -1)) : undefined) ?? [];
  }

  private indicMeanings(key: string, word: string): Meaning[] | null {
    const entries = this.indic.get(key);
    if (!entries) return null;
    const own = entries.filter((e) => e.script === scriptName(word));
    return (own.length ? own : entries).map((e) => e.meaning);
  }

  /** Two-word entries ("kam umar", "middle aged", "hip hop"). */
  pair(first: string, second: string, indic: boolean): Meaning[] {
    return indic ? this.indicMeanings(`${first} ${second}`, "") ?? [] : this.latin.get(`${first} ${second}`) ?? [];
  }
}

const lexicon = new Lexicon();
lexicon.add(FEMALE, { kind: "female" });
lexicon.add(MALE, { kind: "male" });
lexicon.add(FEMALE_WEAK, { kind: "female_weak" });
lexicon.add(MALE_WEAK, { kind: "male_weak" });
lexicon.add(GENITIVE, { kind: "genitive" });
lexicon.add(OR, { kind: "or" });
for (const [tag, words] of Object.entries(LANGUAGES)) lexicon.add(words, { kind: "language", value: tag });
for (const [tags, words] of SKILLS) lexicon.add(words, { kind: "skill", tags });
lexicon.add(CLASSICAL_WORDS, { kind: "classical" });
for (const [city, words] of Object.entries(CITIES)) lexicon.add(words, { kind: "city", value: city });
for (const [range, words] of AGES) lexicon.add(words, { kind: "age", range });
lexicon.add(["middle aged", "madhyam aayu"], { kind: "age", range: [40, 55] });
lexicon.add(["kam umar", "कम उम्र", "chhoti umar", "छोटी उम्र", "college age", "ਕਾਲਜ ਦੀ", "college wali", "college jane"],
  { kind: "age", range: YOUNG });
lexicon.add(["नडुत्तर", "நடுத்தர"], { kind: "age", range: [40, 55] });
lexicon.add(["college", "कॉलेज", "कालेज", "ਕਾਲਜ", "કોલેજ"], { kind: "age", range: YOUNG });
lexicon.add(AGE_UNITS, { kind: "age_unit" });
lexicon.add(RANGE_JOINERS, { kind: "range" });
lexicon.add(PLUS, { kind: "plus" });
lexicon.add(AROUND, { kind: "around" });
lexicon.add(ROLE_WORDS, { kind: "role" });
lexicon.finish();

const NUMBER_KEYS = new Map<string, number>(Object.entries(NUMBER_WORDS).map(([w, n]) => [wordKey(w), n]));
const DECADE_KEYS = new Map<string, number>(Object.entries(DECADES).map(([w, n]) => [wordKey(w), n]));

/** Digits of every Indian script → ASCII (३५ → 35). */
function asciiDigits(text: string): string {
  return text.replace(/[\u0966-\u096f\u09e6-\u09ef\u0a66-\u0a6f\u0ae6-\u0aef\u0b66-\u0b6f\u0be6-\u0bef\u0c66-\u0c6f\u0ce6-\u0cef\u0d66-\u0d6f]/g,
    (d) => String((d.charCodeAt(0) & 0xf) - 6));
}

type Token = { word: string; key: string; indic: boolean; number: number | null; weakNumber: boolean; meanings: Meaning[] };

function tokenize(text: string): Token[] {
  const prepared = asciiDigits(text.normalize("NFC")).replace(/['’]s\b/g, " 's ")
    // "40s", "30+" and "25-30" keep their digits apart from the letters and signs
    .replace(/(\d)(s)\b/g, "$1 decade").replace(/(\d)\+/g, "$1 plus");
  const raw = prepared.match(/'s|\d+|[\p{L}\p{M}\u200c\u200d]+/gu) ?? [];
  return raw.map((word) => {
    const indic = isIndic(word);
    const lower = indic ? word : word.toLowerCase();
    const key = /^\d+$/.test(lower) ? lower : wordKey(lower);
    const spelled = NUMBER_KEYS.get(key);
    const number = /^\d+$/.test(lower) ? Number(lower) : spelled ?? null;
    return { word, key, indic, number, weakNumber: spelled !== undefined, meanings: /^\d+$/.test(lower) ? [] : lexicon.lookup(lower, key) };
  });
}

const has = (t: Token | undefined, kind: Meaning["kind"]) => t?.meanings.some((m) => m.kind === kind) ?? false;
const isAgeNumber = (n: number | null): n is number => n !== null && n >= 5 && n <= 100;

/** The playing age named by numbers: "25-30", "25 से 30 साल", "40 plus", "in her 40s", "60 saal ka", "tees ke aaspaas". */
function numericAge(tokens: Token[]): { range: [number, number]; words: string } | null {
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.word === "decade" && i > 0 && isAgeNumber(tokens[i - 1]!.number)) continue;
    // decades as words or "40s" (tokenised as 40 decade), early/mid/late
    const decade = DECADE_KEYS.get(t.key) ?? (isAgeNumber(t.number) && next?.word === "decade" ? t.number : null);
    if (decade !== null && decade !== undefined && decade % 10 === 0) {
      const before = tokens[i - 1]?.key ?? "";
      const shift = EARLY_LATE[before];
      return { range: shift ? [decade + shift[0], decade + shift[1]] : [decade, decade + 9], words: tokens.slice(shift ? i - 1 : i, i + 2).map((x) => x.word).join(" ") };
    }
    if (!isAgeNumber(t.number)) continue;
    // a range: 25-30, 25 to 30, 25 से 30, ३५ ते ४०
    const joiner = next && has(next, "range") ? 2 : 1;
    const end = tokens[i + joiner];
    if (end && isAgeNumber(end.number) && end.number > t.number && (joiner === 2 || !t.weakNumber || end.weakNumber)) {
      return { range: [t.number, end.number], words: tokens.slice(i, i + joiner + 1).map((x) => x.word).join(" ") };
    }
    // N plus, N के ऊपर, N से ज़्यादा, चालीस पार, 50 વર્ષથી વધુ (a unit may come between)
    const after = tokens.slice(i + 1, i + 4);
    const plusAt = after.findIndex((x) => has(x, "plus"));
    const unitAt = after.findIndex((x) => has(x, "age_unit"));
    const over = tokens[i - 1] && ["over", "above"].includes(tokens[i - 1]!.key);
    if (over || (plusAt >= 0 && after.slice(0, plusAt).every((x) => has(x, "age_unit") || has(x, "genitive") || has(x, "range")))) {
      return { range: [t.number, 100], words: over ? `${tokens[i - 1]!.word} ${t.word}` : tokens.slice(i, i + plusAt + 2).map((x) => x.word).join(" ") };
    }
    const aroundAt = after.findIndex((x) => has(x, "around"));
    const previous = tokens[i - 1];
    // N saal, N years, umar N, N के आसपास: about N
    if (unitAt === 0 || aroundAt >= 0 || (previous && has(previous, "age_unit")) ||
        (!t.weakNumber && (has(next, "genitive") || has(next, "female_weak") || has(next, "male_weak")) && t.number >= 15)) {
      return { range: [Math.max(0, t.number - 3), t.number + 3], words: t.word };
    }
  }
  return null;
}

/** What the query names. */
export function understandQuery(text: string): Understood {
  const tokens = tokenize(text);
  const evidence: Understood["evidence"] = [];
  const note = (word: string, means: string) => {
    if (!evidence.some((e) => e.word === word && e.means === means)) evidence.push({ word, means });
  };

  // gender: strong nouns first; a noun followed by a genitive and another gender noun is a possessor
  const strong: Array<{ i: number; gender: Gender }> = [];
  const weak: Array<{ i: number; gender: Gender }> = [];
  const genderAt = (t: Token): Gender | null => (has(t, "female") ? "female" : has(t, "male") ? "male" : null);
  tokens.forEach((t, i) => {
    const g = genderAt(t);
    if (g && !(has(t, "female") && has(t, "male"))) strong.push({ i, gender: g });
    else if (has(t, "female_weak") || has(t, "male_weak")) {
      // a genitive qualifying the role ("का किरदार") says nothing of the person
      const genitive = has(t, "genitive");
      if (!(genitive && tokens.slice(i + 1, i + 4).some((x) => has(x, "role")))) weak.push({ i, gender: has(t, "female_weak") ? "female" : "male" });
    } else if (t.indic && FEMALE_SUFFIX.test(t.word)) weak.push({ i, gender: "female" });
    else if (t.indic && MALE_SUFFIX.test(t.word)) weak.push({ i, gender: "male" });
  });
  const possessed = (i: number) => {
    // X 's Y / X की Y: X is a possessor when a gender word follows within two words
    if (has(tokens[i + 1], "genitive") && tokens.slice(i + 2, i + 4).some((t) => genderAt(t))) return true;
    // Y of (the) X: X possessor when a gender word came before
    const before = tokens.slice(Math.max(0, i - 2), i).map((t) => t.key);
    return before.includes("of") && tokens.slice(0, i - 1).some((t) => genderAt(t));
  };
  const heads = strong.filter((s) => !possessed(s.i));
  const genders = new Set(heads.map((s) => s.gender));
  let gender: Gender | null = null;
  if (genders.size === 1) {
    gender = heads[0]!.gender;
    for (const s of heads) note(tokens[s.i]!.word, `gender: ${s.gender}`);
  } else if (genders.size === 0) {
    // grammatical gender (wala/wali, का/की, -चा/-ची)
    const cues = weak;
    const weakGenders = new Set(cues.map((w) => w.gender));
    if (weakGenders.size === 1) {
      gender = cues[0]!.gender;
      for (const w of cues) note(tokens[w.i]!.word, `gender: ${w.gender}`);
    }
  }

  // languages, and whether they were joined by "or"
  const languages: string[] = [];
  let languages_any = false;
  let lastLanguageAt = -10;
  tokens.forEach((t, i) => {
    for (const m of t.meanings) {
      if (m.kind !== "language" || !m.value) continue;
      if (!languages.includes(m.value)) languages.push(m.value);
      note(t.word, `language: ${m.value}`);
      if (i - lastLanguageAt <= 2 && tokens.slice(lastLanguageAt + 1, i).some((x) => has(x, "or"))) languages_any = true;
      lastLanguageAt = i;
    }
  });

  // skills (any of the tags each word stands for); "classical" narrows dance
  const classical = tokens.some((t) => has(t, "classical"));
  const skills: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const pair = tokens[i + 1] ? lexicon.pair(t.key, tokens[i + 1]!.key, t.indic) : [];
    const meanings = pair.some((m) => m.kind === "skill") ? pair : t.meanings;
    for (const m of meanings) {
      if (m.kind !== "skill" || !m.tags) continue;
      const tags = classical && m.tags === DANCE ? CLASSICAL : m.tags;
      for (const tag of tags) if (!skills.includes(tag)) skills.push(tag);
      note(pair.length ? `${t.word} ${tokens[i + 1]!.word}` : t.word, `skills: ${tags.join(", ")}`);
    }
    if (pair.some((m) => m.kind === "skill")) i++;
  }

  // the first city named
  let city: string | null = null;
  for (const t of tokens) {
    const m = t.meanings.find((x) => x.kind === "city");
    if (m?.value) {
      city = m.value;
      note(t.word, `city: ${m.value}`);
      break;
    }
  }

  // age: numbers win over words
  let age: [number, number] | null = null;
  const numeric = numericAge(tokens);
  if (numeric) {
    age = numeric.range;
    note(numeric.words, `playing age ${age[0]}–${age[1]}`);
  } else {
    for (let i = 0; i < tokens.length && !age; i++) {
      const t = tokens[i]!;
      const pair = tokens[i + 1] ? lexicon.pair(t.key, tokens[i + 1]!.key, t.indic) : [];
      const m = pair.find((x) => x.kind === "age") ?? t.meanings.find((x) => x.kind === "age");
      if (m?.range) {
        age = m.range;
        note(pair.includes(m) ? `${t.word} ${tokens[i + 1]!.word}` : t.word, `playing age ${age[0]}–${age[1]}`);
      }
    }
  }

  return { gender, languages, languages_any, skills, city, age_min: age?.[0] ?? null, age_max: age?.[1] ?? null, evidence };
}
