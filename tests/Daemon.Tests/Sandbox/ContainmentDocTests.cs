using System.Reflection;
using System.Text.RegularExpressions;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>docs/security.md section 8 names a test for each containment property: those tests exist, and every one of them is named.</summary>
public sealed partial class ContainmentDocTests
{
    private static readonly Type[] Covered = [typeof(QubeUserTests), typeof(QubeLimitsTests), typeof(UnprivilegedDaemonTests), typeof(QubeSchedulingTests)];

    [Fact]
    public void EveryTestTheContainmentSectionNamesExistsAndEveryContainmentTestIsNamed()
    {
        string doc = File.ReadAllText(Path.Combine(BuiltProgram.RepositoryRoot.FullName, "docs", "security.md"));
        int start = doc.IndexOf("## 11. Containment on the host", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/security.md has no section 11, Containment on the host");
        int end = doc.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        string section = end < 0 ? doc[start..] : doc[start..end]; // up to the next section
        Type[] types = typeof(ContainmentDocTests).Assembly.GetTypes();

        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in TestName().Matches(section))
        {
            string className = match.Groups[1].Value, methodName = match.Groups[2].Value;
            Type type = Assert.Single(types, t => t.Name == className);
            if (methodName.Length > 0)
            {
                MethodInfo? method = type.GetMethod(methodName);
                Assert.True(method?.GetCustomAttribute<FactAttribute>() is not null, $"section 11 names {className}.{methodName}, which is not a test");
                named.Add($"{className}.{methodName}");
            }
        }

        string[] unnamed = [.. Covered.SelectMany(t => t.GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null).Select(m => $"{t.Name}.{m.Name}")).Where(n => !named.Contains(n))];
        Assert.True(unnamed.Length == 0, "section 8 of docs/security.md does not name: " + string.Join(", ", unnamed));
    }

    // `Class.Method`, `Folder/Class` or `Class` in backticks, where Class ends in "Tests".
    [GeneratedRegex(@"`(?:\w+/)?(\w+Tests)(?:\.(\w+))?`")]
    private static partial Regex TestName();
}
