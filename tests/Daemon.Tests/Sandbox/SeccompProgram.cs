using System.Buffers.Binary;

namespace GuiVirt.Daemon.Tests.Sandbox;

/// <summary>
/// Runs a seccomp BPF program (classic BPF, as the kernel's seccomp runs it) on one system call, to
/// check the exported filter without a kernel: struct seccomp_data is { int nr; u32 arch; u64 ip;
/// u64 args[6]; } in the machine's byte order (little-endian on x86-64 and AArch64).
/// </summary>
internal sealed class SeccompProgram(byte[] bpf)
{
    public const uint ActionAllow = 0x7fff0000;
    public const uint ActionKillProcess = 0x80000000;
    public const uint ActionErrno = 0x00050000;

    public int Length => bpf.Length / 8;

    /// <summary>The filter's return value (action | data) for the call.</summary>
    public uint Run(uint arch, int number, params ulong[] arguments)
    {
        byte[] data = new byte[64];
        BinaryPrimitives.WriteInt32LittleEndian(data, number);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), arch);
        for (int i = 0; i < arguments.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(data.AsSpan(16 + (8 * i)), arguments[i]);
        }

        uint a = 0, x = 0;
        uint[] memory = new uint[16];
        for (int pc = 0; pc < Length; pc++)
        {
            ushort code = BinaryPrimitives.ReadUInt16LittleEndian(bpf.AsSpan(pc * 8));
            byte jumpTrue = bpf[(pc * 8) + 2], jumpFalse = bpf[(pc * 8) + 3];
            uint k = BinaryPrimitives.ReadUInt32LittleEndian(bpf.AsSpan((pc * 8) + 4));
            switch (code)
            {
                case 0x20: a = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan((int)k)); break; // ld [k]
                case 0x00: a = k; break; // ld #k
                case 0x01: x = k; break; // ldx #k
                case 0x60: a = memory[k]; break; // ld M[k]
                case 0x61: x = memory[k]; break; // ldx M[k]
                case 0x02: memory[k] = a; break; // st M[k]
                case 0x03: memory[k] = x; break; // stx M[k]
                case 0x54: a &= k; break; // and #k
                case 0x44: a |= k; break; // or #k
                case 0x04: a += k; break; // add #k
                case 0x14: a -= k; break; // sub #k
                case 0x07: x = a; break; // tax
                case 0x87: a = x; break; // txa
                case 0x05: pc += (int)k; break; // ja
                case 0x15: pc += a == k ? jumpTrue : jumpFalse; break; // jeq #k
                case 0x25: pc += a > k ? jumpTrue : jumpFalse; break; // jgt #k
                case 0x35: pc += a >= k ? jumpTrue : jumpFalse; break; // jge #k
                case 0x45: pc += (a & k) != 0 ? jumpTrue : jumpFalse; break; // jset #k
                case 0x1d: pc += a == x ? jumpTrue : jumpFalse; break; // jeq x
                case 0x06: return k; // ret #k
                case 0x16: return a; // ret a
                default: throw new InvalidOperationException($"BPF instruction 0x{code:x4} at {pc} is not interpreted here");
            }
        }

        throw new InvalidOperationException("the program ran off its end");
    }
}
