// The demo casting world: names, languages and cities of the Indian OTT industry.
// Plain data for seed/generate.ts (and for the benchmarks that need realistic rows).

export type Region = { language: string; cities: string[]; surnames: string[]; female: string[]; male: string[] };

export const regions: Region[] = [
  { language: "hindi", cities: ["Mumbai", "Delhi", "Lucknow", "Jaipur", "Bhopal"],
    surnames: ["Sharma", "Verma", "Gupta", "Singh", "Mishra", "Kapoor", "Malhotra", "Saxena", "Chauhan", "Tiwari"],
    female: ["Aarti", "Priya", "Neha", "Kavya", "Ritika", "Shreya", "Pooja", "Anjali", "Isha", "Tanvi"],
    male: ["Aarav", "Rohit", "Vikas", "Aditya", "Kunal", "Rahul", "Siddharth", "Yash", "Ankit", "Varun"] },
  { language: "marathi", cities: ["Mumbai", "Pune", "Nagpur", "Nashik"],
    surnames: ["Patil", "Deshmukh", "Kulkarni", "Joshi", "Shinde", "Pawar", "Gokhale", "Sawant"],
    female: ["Sayali", "Mrunal", "Gauri", "Ketaki", "Rutuja", "Sai", "Amruta", "Prajakta"],
    male: ["Omkar", "Sachin", "Ajinkya", "Tejas", "Shrinivas", "Aniket", "Lalit", "Prathamesh"] },
  { language: "tamil", cities: ["Chennai", "Coimbatore", "Madurai"],
    surnames: ["Iyer", "Subramanian", "Krishnan", "Raman", "Pillai", "Sundaram", "Murugan"],
    female: ["Ananya", "Divya", "Keerthana", "Lakshmi", "Meenakshi", "Nithya", "Shruti"],
    male: ["Arjun", "Karthik", "Surya", "Vijay", "Dhanush", "Pranav", "Senthil"] },
  { language: "telugu", cities: ["Hyderabad", "Vijayawada", "Visakhapatnam"],
    surnames: ["Reddy", "Rao", "Naidu", "Chowdary", "Varma", "Sastry"],
    female: ["Sravani", "Harika", "Bhavana", "Sneha", "Tejaswi", "Mounika"],
    male: ["Vikram", "Ram", "Charan", "Nikhil", "Sai", "Venkatesh"] },
  { language: "bengali", cities: ["Kolkata", "Siliguri"],
    surnames: ["Banerjee", "Chatterjee", "Mukherjee", "Das", "Ghosh", "Sen", "Bose"],
    female: ["Rituparna", "Paoli", "Swastika", "Koel", "Mimi", "Sohini"],
    male: ["Abir", "Parambrata", "Ritwick", "Anirban", "Jisshu", "Soham"] },
  { language: "gujarati", cities: ["Ahmedabad", "Surat", "Vadodara", "Mumbai"],
    surnames: ["Patel", "Shah", "Mehta", "Desai", "Trivedi", "Parikh"],
    female: ["Hetal", "Khushi", "Janvi", "Mansi", "Riddhi", "Dhwani"],
    male: ["Parth", "Harsh", "Jay", "Malhar", "Dhruv", "Chirag"] },
  { language: "malayalam", cities: ["Kochi", "Thiruvananthapuram", "Kozhikode"],
    surnames: ["Nair", "Menon", "Panicker", "Kurian", "Thomas", "Varghese"],
    female: ["Anjana", "Nimisha", "Parvathy", "Aparna", "Darshana", "Rajisha"],
    male: ["Fahadh", "Tovino", "Nivin", "Roshan", "Sharaf", "Basil"] },
  { language: "kannada", cities: ["Bengaluru", "Mysuru", "Mangaluru"],
    surnames: ["Gowda", "Hegde", "Shetty", "Rao", "Kamath", "Bhat"],
    female: ["Rashmika", "Sapthami", "Rukmini", "Chaitra", "Ashika", "Megha"],
    male: ["Rakshit", "Rishab", "Dhananjay", "Yash", "Pramod", "Achyuth"] },
  { language: "punjabi", cities: ["Chandigarh", "Amritsar", "Ludhiana", "Delhi"],
    surnames: ["Gill", "Sandhu", "Dhillon", "Grewal", "Bajwa", "Sidhu"],
    female: ["Simran", "Harleen", "Jasmine", "Gurleen", "Navpreet", "Sargun"],
    male: ["Gurpreet", "Harjeet", "Amrinder", "Jassi", "Karan", "Diljit"] },
];

export const skills = [
  "classical dance", "bharatanatyam", "kathak", "hip hop", "bollywood dance", "horse riding", "swimming",
  "martial arts", "kalaripayattu", "driving", "motorcycle", "singing", "guitar", "tabla", "stand-up comedy",
  "improvisation", "stage combat", "yoga", "cricket", "football", "dubbing", "voice acting", "mimicry", "theatre",
];

export const bioTemplates = [
  "Theatre-trained actor from {city}, {years} years on stage and screen. Comfortable in {langs}.",
  "{city} se hoon, NSD workshop kiya hai. Comedy aur drama dono karti/karta hoon. Languages: {langs}.",
  "Screen actor with OTT and ad credits; strong in emotional drama and naturalistic performances. Speaks {langs}.",
  "Street-smart, energetic performer from {city}; trained in {skill}. Fluent in {langs}.",
  "Bahut saare ads aur web series kiye hain, camera pe natural lagta hai. Based in {city}. {langs}.",
  "Former model turned actor, comfortable with action sequences and {skill}. Works in {langs}.",
];

// Bios talent write in their own language's script ("a/b": the form for women, then men).
// The seed gives every fifth talent one, so a casting director trying search sees Devanagari,
// Tamil or Bengali profiles found by English and Hinglish queries, and the other way round.
export const nativeBioTemplates: Record<string, string> = {
  hindi: "{city} से हूँ, थिएटर में प्रशिक्षित अभिनेत्री/अभिनेता। नृत्य और कॉमेडी दोनों पसंद हैं। भाषाएँ: हिंदी, अंग्रेज़ी।",
  marathi: "{city}ची मराठी अभिनेत्री/अभिनेता. रंगभूमीवर दहा वर्षं, लावणी नृत्य आणि विनोदी भूमिका.",
  tamil: "{city} நடிகை/நடிகர். நாடக மேடையில் பயிற்சி, நடனம் மற்றும் நகைச்சுவை பிடிக்கும்.",
  telugu: "{city} నటి/నటుడు. నాటకాల్లో శిక్షణ, నృత్యం మరియు హాస్యం అంటే ఇష్టం.",
  bengali: "{city}-এর অভিনেত্রী/অভিনেতা। থিয়েটারে প্রশিক্ষণ, গান আর নাচ ভালোবাসি।",
  gujarati: "{city}ની અભિનેત્રી/અભિનેતા. રંગભૂમિમાં તાલીમ, ગરબા અને નૃત્ય ગમે.",
  malayalam: "{city}ൽ നിന്നുള്ള നടി/നടൻ. നാടകത്തിൽ പരിശീലനം, നൃത്തവും ഹാസ്യവും ഇഷ്ടം.",
  kannada: "{city}ದ ನಟಿ/ನಟ. ರಂಗಭೂಮಿಯಲ್ಲಿ ತರಬೇತಿ, ನೃತ್ಯ ಮತ್ತು ಹಾಸ್ಯ ಇಷ್ಟ.",
  punjabi: "{city} ਤੋਂ ਅਦਾਕਾਰਾ/ਅਦਾਕਾਰ। ਥੀਏਟਰ ਵਿੱਚ ਸਿਖਲਾਈ, ਭੰਗੜਾ ਤੇ ਗਿੱਧਾ ਪਸੰਦ।",
};

export type ProjectSpec = {
  key: string; title: string; platform: string; language: string; confidential: boolean; logline: string;
  roles: Array<{ name: string; description: string; gender: "female" | "male" | null; ageMin: number; ageMax: number;
                 languages: string[]; skills: string[]; city: string | null; payRupees: number; deadlineDays: number }>;
};

export const projects: ProjectSpec[] = [
  { key: "bombay-nights", title: "Bombay Nights", platform: "Netflix", language: "hindi", confidential: false,
    logline: "A night-shift lawyer and a taxi driver uncover a land scam across Mumbai.",
    roles: [
      { name: "Meera Joshi", description: "Sharp, street-smart legal-aid lawyer in her late twenties; Marathi-speaking family.",
        gender: "female", ageMin: 25, ageMax: 32, languages: ["hindi", "marathi"], skills: [], city: "Mumbai", payRupees: 450000, deadlineDays: 21 },
      { name: "Salim Bhai", description: "Weathered taxi driver, dry humour, knows every lane of South Bombay.",
        gender: "male", ageMin: 40, ageMax: 55, languages: ["hindi"], skills: ["driving"], city: "Mumbai", payRupees: 300000, deadlineDays: 21 },
      { name: "College friend", description: "Bubbly college girl who dances at every party.",
        gender: "female", ageMin: 18, ageMax: 23, languages: ["hindi", "english"], skills: ["bollywood dance"], city: null, payRupees: 60000, deadlineDays: 10 },
    ] },
  { key: "chai-and-chaos", title: "Chai & Chaos", platform: "Prime Video", language: "hindi", confidential: false,
    logline: "Six flatmates in Bengaluru run a failing tea start-up.",
    roles: [
      { name: "Dev", description: "Over-confident founder, fast talker, Hinglish comedy.", gender: "male", ageMin: 24, ageMax: 30,
        languages: ["hindi", "english"], skills: ["stand-up comedy"], city: "Bengaluru", payRupees: 250000, deadlineDays: 14 },
      { name: "Lakshmi", description: "Tamil coder who secretly writes poetry.", gender: "female", ageMin: 23, ageMax: 29,
        languages: ["tamil", "english"], skills: [], city: null, payRupees: 200000, deadlineDays: 14 },
    ] },
  { key: "kadal", title: "Kadal Kadhaigal", platform: "JioHotstar", language: "tamil", confidential: false,
    logline: "A fishing village on the Coromandel coast faces its first resort.",
    roles: [
      { name: "Selvi", description: "Fisherwoman and union leader, fierce and warm.", gender: "female", ageMin: 30, ageMax: 45,
        languages: ["tamil"], skills: ["swimming"], city: "Chennai", payRupees: 350000, deadlineDays: 30 },
      { name: "Murugan", description: "Young boat mechanic torn between the sea and the city.", gender: "male", ageMin: 20, ageMax: 28,
        languages: ["tamil", "malayalam"], skills: ["swimming", "motorcycle"], city: null, payRupees: 150000, deadlineDays: 30 },
    ] },
  { key: "monsoon", title: "Project Monsoon", platform: "Netflix", language: "marathi", confidential: true,
    logline: "Unannounced Marathi crime thriller. Confidential.",
    roles: [
      { name: "Inspector Patil", description: "Tired Pune crime-branch inspector with a temper.", gender: "male", ageMin: 38, ageMax: 50,
        languages: ["marathi", "hindi"], skills: ["martial arts"], city: "Pune", payRupees: 800000, deadlineDays: 20 },
      { name: "Journalist", description: "Young reporter who breaks the story.", gender: "female", ageMin: 24, ageMax: 32,
        languages: ["marathi", "english"], skills: [], city: "Pune", payRupees: 300000, deadlineDays: 20 },
    ] },
];
