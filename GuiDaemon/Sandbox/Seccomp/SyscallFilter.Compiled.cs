namespace GuiVirt.GuiDaemon.Sandbox.Seccomp;

internal static partial class SyscallFilter
{
    private static readonly Lock s_lock = new();
    private static byte[]? s_bpf;

    /// <summary>
    /// <see cref="Rules"/> compiled to BPF, once per daemon (the same filter for every qube). A call
    /// this libseccomp does not know is logged once: it is not filtered.
    /// </summary>
    public static byte[] Bpf
    {
        get
        {
            lock (s_lock)
            {
                if (s_bpf is null)
                {
                    (byte[] bpf, IReadOnlyList<string> unknown) = FilterCompiler.Compile(Rules);
                    if (unknown.Count > 0)
                    {
                        Log.Warning($"qube system-call filter: this libseccomp does not know {string.Join(", ", unknown)}; those calls are not filtered");
                    }

                    s_bpf = bpf;
                }

                return s_bpf;
            }
        }
    }

    /// <summary>The filter in libseccomp's readable pseudo code, for tests and for reading.</summary>
    public static string PseudoCode() => System.Text.Encoding.UTF8.GetString(FilterCompiler.Compile(Rules, pseudoCode: true).Bpf);
}
