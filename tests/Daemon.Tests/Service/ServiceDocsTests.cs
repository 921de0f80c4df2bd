using System.Reflection;
using System.Text.RegularExpressions;
using GuiVirt.TestSupport;

namespace GuiVirt.Daemon.Tests.Service;

/// <summary>docs/security.md's table of attacks on the command channel names tests that exist, and every test of that suite has a row.</summary>
public sealed partial class ServiceDocsTests
{
    [Fact]
    public void TheCommandChannelTableNamesTheTestsThatRunIt()
    {
        string doc = File.ReadAllText(Path.Combine(BuiltProgram.RepositoryRoot.FullName, "docs", "security.md"));
        string section = doc[doc.IndexOf("## 9. Commands and their output", StringComparison.Ordinal)..doc.IndexOf("## 10.", StringComparison.Ordinal)];
        string[] named = [.. TestCell().Matches(section).SelectMany(cell => TestName().Matches(cell.Groups["tests"].Value)).Select(m => m.Groups["test"].Value)];
        Assert.Equal(6, named.Length);
        Assert.All(named, name =>
        {
            string[] parts = name.Split('.');
            Type? type = typeof(ServiceDocsTests).Assembly.GetTypes().SingleOrDefault(t => t.Name == parts[0] && t.Namespace?.StartsWith("GuiVirt.Daemon.Tests", StringComparison.Ordinal) == true);
            Assert.True(type?.GetMethod(parts[1], BindingFlags.Public | BindingFlags.Instance)?.GetCustomAttribute<FactAttribute>() is not null, $"docs/security.md names {name}, which is not a test here");
        });
        Assert.All(typeof(HostileCommandChannelTests).GetMethods().Where(m => m.GetCustomAttribute<FactAttribute>() is not null), test =>
            Assert.Contains($"{nameof(HostileCommandChannelTests)}.{test.Name}", named));
    }

    /// <summary>A table row's last cell, made of `Class.Test` names only.</summary>
    [GeneratedRegex(@"\| (?<tests>`\w+\.\w+`(, `\w+\.\w+`)*) \|$", RegexOptions.Multiline)]
    private static partial Regex TestCell();

    [GeneratedRegex(@"`(?<test>\w+\.\w+)`")]
    private static partial Regex TestName();
}
