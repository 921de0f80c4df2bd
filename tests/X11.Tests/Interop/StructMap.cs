using System.Text;

namespace GuiVirt.X11.Tests.Interop;

/// <summary>
/// One C# interop struct and the C structs it stands for. A C# field maps to the snake_case of
/// its name in each of those C structs unless an override lists "CStruct.member" paths for it
/// (only the C structs that have the member: a union-like C# struct may cover several).
/// </summary>
internal sealed class StructMap(Type type, params string[] cStructs)
{
    private readonly Dictionary<string, string[]> _overrides = [];

    public Type Type { get; } = type;
    public string[] CStructs { get; } = cStructs;

    /// <summary>C# declares only a prefix of the C struct (it is only read through a pointer):
    /// its size may be smaller than the C size, never larger.</summary>
    public bool Prefix { get; init; }

    /// <summary>Put before every default member name ("xany." for the XEvent union).</summary>
    public string MemberPrefix { get; init; } = "";

    public string[] this[string field]
    {
        set => _overrides[field] = value;
    }

    /// <summary>The (C struct, member path) pairs that <paramref name="field"/> must agree with.</summary>
    public IEnumerable<(string CStruct, string Member)> Members(string field)
    {
        if (_overrides.TryGetValue(field, out string[]? paths))
        {
            return paths.Select(path => (path[..path.IndexOf('.', StringComparison.Ordinal)], path[(path.IndexOf('.', StringComparison.Ordinal) + 1)..]));
        }
        string member = MemberPrefix + SnakeCase(field);
        return CStructs.Select(c => (c, member));
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        for (int i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                text.Append('_');
            }
            text.Append(char.ToLowerInvariant(name[i]));
        }
        return text.ToString();
    }
}
