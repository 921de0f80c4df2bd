namespace GuiVirt.SharedMemory.Tests.Grants;

/// <summary>
/// Grant tests count the entries of /proc/self/fd to prove that rejected fds are closed. The
/// count is process-wide, so these tests must not run next to anything else that opens fds.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FdCountingCollection
{
    /// <summary>The collection name used by [Collection(...)].</summary>
    public const string Name = "Grants (counts process fds)";
}
