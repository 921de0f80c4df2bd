namespace GuiVirt.GuiDaemon.Config;

/// <summary>A configuration problem, with where it is: "FILE:LINE: problem".</summary>
public sealed class ConfigException(string file, int line, string problem)
    : Exception(line > 0 ? $"{file}:{line}: {problem}" : $"{file}: {problem}")
{
    /// <summary>The file.</summary>
    public string File { get; } = file;

    /// <summary>1-based line, or 0 when the problem is the file as a whole.</summary>
    public int Line { get; } = line;
}
