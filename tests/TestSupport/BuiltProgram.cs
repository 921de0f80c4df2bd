namespace GuiVirt.TestSupport;

/// <summary>Finds the programs of this repository that the tests start (built next to the tests, same configuration).</summary>
public static class BuiltProgram
{
    /// <summary>
    /// PROJECT_FOLDER/bin/CONFIG/TFM/DLL, with CONFIG (Debug or Release) and TFM taken from the
    /// running test assembly's output folder; the repository root is the folder with GuiVirt.sln.
    /// </summary>
    public static string Path(string projectFolder, string dll)
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        string configuration = output.Parent?.Name ?? throw new InvalidOperationException($"no configuration folder above {output}");
        string path = System.IO.Path.Combine(RepositoryRoot.FullName, projectFolder, "bin", configuration, output.Name, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} is not built", path);
    }

    /// <summary>The folder that holds GuiVirt.sln.</summary>
    public static DirectoryInfo RepositoryRoot
    {
        get
        {
            DirectoryInfo? root = new(AppContext.BaseDirectory);
            while (root is not null && !File.Exists(System.IO.Path.Combine(root.FullName, "GuiVirt.sln")))
            {
                root = root.Parent;
            }

            return root ?? throw new FileNotFoundException($"no GuiVirt.sln above {AppContext.BaseDirectory}");
        }
    }
}
