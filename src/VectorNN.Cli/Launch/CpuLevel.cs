using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace VectorNN.Cli.Launch;

/// <summary>
/// The instruction-set level of this machine, read with CPUID, so a program compiled ahead of time for the portable
/// baseline can tell which of its faster builds the machine runs.
/// </summary>
internal static class CpuLevel
{
    /// <summary>A CPUID query: leaf and sub-leaf in, the four registers out.</summary>
    public delegate (int Eax, int Ebx, int Ecx, int Edx) CpuIdQuery(int leaf, int subLeaf);

    /// <summary>Gets the level this process's code was compiled for (ahead of time, the width is a constant).</summary>
    public static InstructionSetLevel Compiled =>
        Vector512.IsHardwareAccelerated ? InstructionSetLevel.X64V4 :
        Vector256.IsHardwareAccelerated && Fma.IsSupported ? InstructionSetLevel.X64V3 :
        InstructionSetLevel.X64V2;

    /// <summary>The highest level this machine runs, lowered by the runtime's hardware-intrinsic switches.</summary>
    public static InstructionSetLevel Detect() =>
        X86Base.IsSupported ? FromCpuId(X86Base.CpuId, Environment.GetEnvironmentVariable) : InstructionSetLevel.X64V2;

    /// <summary>
    /// The highest level whose instructions the processor has and whose registers the operating system saves, capped
    /// by <c>DOTNET_EnableAVX512=0</c> (x86-64-v3) and <c>DOTNET_EnableAVX2=0</c>, <c>DOTNET_EnableAVX=0</c> or
    /// <c>DOTNET_EnableHWIntrinsic=0</c> (x86-64-v2), the switches that select the same widths under the JIT.
    /// </summary>
    public static InstructionSetLevel FromCpuId(CpuIdQuery cpuId, Func<string, string?> environment)
    {
        if (IsOff(environment, "DOTNET_EnableHWIntrinsic") || IsOff(environment, "DOTNET_EnableAVX") ||
            IsOff(environment, "DOTNET_EnableAVX2") || !HasV3(cpuId))
        {
            return InstructionSetLevel.X64V2;
        }

        return IsOff(environment, "DOTNET_EnableAVX512") || !HasV4(cpuId) ? InstructionSetLevel.X64V3 : InstructionSetLevel.X64V4;
    }

    private static bool HasV3(CpuIdQuery cpuId)
    {
        if (cpuId(0, 0).Eax < 0xD || cpuId(unchecked((int)0x80000000), 0).Eax < unchecked((int)0x80000001))
        {
            return false;
        }

        int features1 = cpuId(1, 0).Ecx;
        int features7 = cpuId(7, 0).Ebx;
        int extended = cpuId(unchecked((int)0x80000001), 0).Ecx;
        const int Fma = 1 << 12, Movbe = 1 << 22, OsXsave = 1 << 27, Avx = 1 << 28, F16c = 1 << 29;
        const int Bmi1 = 1 << 3, Avx2 = 1 << 5, Bmi2 = 1 << 8;
        const int Lzcnt = 1 << 5;
        return Has(features1, Fma | Movbe | OsXsave | Avx | F16c) && Has(features7, Bmi1 | Avx2 | Bmi2) &&
               Has(extended, Lzcnt) && OsSavesState(cpuId, AvxState);
    }

    private static bool HasV4(CpuIdQuery cpuId)
    {
        const int F = 1 << 16, Dq = 1 << 17, Cd = 1 << 28, Bw = 1 << 30, Vl = 1 << 31;
        return Has(cpuId(7, 0).Ebx, F | Dq | Cd | Bw | Vl) && OsSavesState(cpuId, Avx512UpperState);
    }

    // XSAVE state components: 2 holds the upper halves of the YMM registers; 5, 6 and 7 the AVX-512 mask registers,
    // the upper halves of ZMM0-15 and ZMM16-31. The last of each group is the one that lies furthest in the save area.
    private const int AvxState = 2;
    private const int Avx512UpperState = 7;

    /// <summary>
    /// Whether the operating system saves a register state component across context switches. .NET reads XCR0 with
    /// XGETBV, which it does not expose; CPUID leaf 0xD, sub-leaf 0 reports in EBX the save-area size the components
    /// enabled in XCR0 need, which covers a component only when it (or a later one) is enabled.
    /// </summary>
    private static bool OsSavesState(CpuIdQuery cpuId, int component)
    {
        (int size, int offset, _, _) = cpuId(0xD, component);
        return size > 0 && cpuId(0xD, 0).Ebx >= offset + size;
    }

    private static bool Has(int register, int bits) => (register & bits) == bits;

    private static bool IsOff(Func<string, string?> environment, string name) => environment(name)?.Trim() == "0";
}
