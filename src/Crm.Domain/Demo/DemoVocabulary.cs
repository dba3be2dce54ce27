namespace Crm.Domain.Demo;

/// <summary>The word lists generated demo records are built from.</summary>
internal static class DemoVocabulary
{
    // 64 syllables: three of them make 262,144 brand names, each sold in 32 sectors: 8.4 M unique names.
    public static readonly string[] Syllables =
    [
        "ac", "al", "an", "ar", "ba", "bel", "bor", "ca", "cor", "da", "del", "dor", "el", "en", "fa", "fin",
        "ga", "gen", "ha", "hel", "in", "is", "ka", "kel", "la", "lin", "lo", "ma", "mer", "mo", "na", "nor",
        "om", "or", "pa", "per", "qui", "ra", "ren", "ro", "sa", "sel", "so", "ta", "ter", "tri", "ub", "ul",
        "va", "vel", "ven", "vi", "vor", "wa", "wen", "xa", "ya", "yor", "za", "zen", "zo", "tek", "lux", "nex",
    ];

    public static readonly string[] Sectors =
    [
        "Logistics", "Systems", "Analytics", "Foods", "Energy", "Health", "Labs", "Motors", "Media", "Textiles",
        "Robotics", "Pharma", "Capital", "Software", "Networks", "Retail", "Foundry", "Aerospace", "Marine", "Farms",
        "Chemicals", "Design", "Consulting", "Insurance", "Telecom", "Security", "Biotech", "Outdoor", "Optics", "Printing",
        "Travel", "Builders",
    ];

    public static readonly string[] Industries =
    [
        "Manufacturing", "Software", "Retail", "Healthcare", "Financial Services", "Energy", "Logistics",
        "Media", "Education", "Public Sector", "Telecommunications", "Hospitality",
    ];

    public static readonly string[] Segments = ["SMB", "Mid-Market", "Enterprise"];

    public static readonly string[] Regions = ["EMEA", "AMER", "APAC"];

    /// <summary>Sales owners per region; the demo people ava and max own EMEA accounts.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Owners = new Dictionary<string, string[]>
    {
        ["EMEA"] = ["ava@example.com", "max@example.com", "lena.fischer@example.com", "tom.berg@example.com"],
        ["AMER"] = ["olivia.james@example.com", "noah.smith@example.com", "emma.davis@example.com"],
        ["APAC"] = ["kenji.sato@example.com", "priya.nair@example.com", "wei.chen@example.com"],
    };

    public static readonly string[] FirstNames =
    [
        "Jane", "John", "Maria", "Liam", "Sofia", "Lucas", "Emma", "Noah", "Aisha", "Mateo", "Yuki", "Chen",
        "Fatima", "Oliver", "Elena", "Hugo", "Ingrid", "Ravi", "Zoe", "Pedro", "Nora", "Samir", "Hana", "Erik",
    ];

    public static readonly string[] LastNames =
    [
        "Roe", "Smith", "Garcia", "Mueller", "Rossi", "Nguyen", "Kowalski", "Okafor", "Tanaka", "Silva", "Dubois",
        "Jensen", "Patel", "Kim", "Novak", "Haddad", "Larsen", "Moreau", "Costa", "Schmidt", "Ivanova", "Brown",
    ];

    public static readonly string[] Titles =
    [
        "CEO", "CFO", "CTO", "Head of Operations", "Procurement Lead", "IT Manager", "VP Sales", "Office Manager",
        "Finance Director", "Product Owner",
    ];

    public static readonly string[] DealNames = ["New business", "Expansion", "Renewal", "Upsell", "Pilot", "Add-on seats", "Migration"];

    public static readonly string[] TicketSubjects =
    [
        "Cannot log in", "Export fails with an error", "Invoice address is wrong", "Slow dashboard", "Password reset e-mail missing",
        "Sync stopped overnight", "API returns 500", "Need more seats", "Report totals look wrong", "Mobile app crashes on start",
    ];

    public static readonly string[] PhonePrefixes = ["+1 555", "+44 20", "+49 30", "+33 1", "+81 3", "+61 2", "+65 6"];
}
