using GuiVirt.TestSupport;

namespace GuiVirt.Fuzz.Tests;

/// <summary>The fuzz inputs kept in the repository (fuzz/), by folder.</summary>
internal static class FuzzInputs
{
    public static readonly string Folder = Path.Combine(BuiltProgram.RepositoryRoot.FullName, "fuzz");

    /// <summary>"folder/file" for every file in the folders under fuzz/, in order.</summary>
    public static TheoryData<string> In(params string[] folders)
    {
        var inputs = new TheoryData<string>();
        foreach (string folder in folders)
        {
            foreach (string file in Directory.GetFiles(Path.Combine(Folder, folder)).Order(StringComparer.Ordinal))
            {
                inputs.Add($"{folder}/{Path.GetFileName(file)}");
            }
        }

        return inputs;
    }

    /// <summary>The bytes of one input named as <see cref="In"/> names it.</summary>
    public static byte[] Read(string input) => File.ReadAllBytes(Path.Combine(Folder, input));
}
