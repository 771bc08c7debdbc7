using System.Runtime.Intrinsics.X86;
using VectorNN.Cli.Launch;
using Xunit;

namespace VectorNN.Tests.Cli.Launch;

/// <summary>
/// The CPU level that picks the NativeAOT build to run: a level too high crashes the program on start (illegal
/// instruction), a level too low runs the kernels at a fraction of their speed.
/// </summary>
public sealed class CpuLevelTests
{
    private static readonly Func<string, string?> NoSwitches = _ => null;

    [Fact]
    public void Zen5_RunsX64V4() =>
        Assert.Equal(InstructionSetLevel.X64V4, CpuLevel.FromCpuId(new FakeCpu().Query, NoSwitches));

    [Fact]
    public void Avx2WithoutAvx512_RunsX64V3() =>
        Assert.Equal(InstructionSetLevel.X64V3, CpuLevel.FromCpuId(new FakeCpu { Leaf7Ebx = FakeCpu.V3Leaf7 }.Query, NoSwitches));

    [Fact]
    public void Avx512WithoutByteWordAndVectorLength_RunsX64V3()
    {
        // Knights Landing has AVX-512 F and CD only; .NET's x86-64-v4 needs BW, DQ and VL too.
        var cpu = new FakeCpu { Leaf7Ebx = FakeCpu.V3Leaf7 | (1 << 16) | (1 << 28) };
        Assert.Equal(InstructionSetLevel.X64V3, CpuLevel.FromCpuId(cpu.Query, NoSwitches));
    }

    [Fact]
    public void Avx512StateNotSavedByTheOs_RunsX64V3()
    {
        // XCR0 with the AVX state but without the AVX-512 ones: the enabled save area ends with the YMM upper halves.
        var cpu = new FakeCpu { EnabledSaveAreaSize = 576 + 256 };
        Assert.Equal(InstructionSetLevel.X64V3, CpuLevel.FromCpuId(cpu.Query, NoSwitches));
    }

    [Fact]
    public void NoOsXsave_RunsX64V2()
    {
        var cpu = new FakeCpu { Leaf1Ecx = FakeCpu.V3Leaf1 & ~(1 << 27) };
        Assert.Equal(InstructionSetLevel.X64V2, CpuLevel.FromCpuId(cpu.Query, NoSwitches));
    }

    [Fact]
    public void AvxStateNotSavedByTheOs_RunsX64V2()
    {
        var cpu = new FakeCpu { EnabledSaveAreaSize = 576 };
        Assert.Equal(InstructionSetLevel.X64V2, CpuLevel.FromCpuId(cpu.Query, NoSwitches));
    }

    [Fact]
    public void NoLzcnt_RunsX64V2() =>
        Assert.Equal(InstructionSetLevel.X64V2, CpuLevel.FromCpuId(new FakeCpu { ExtendedEcx = 0 }.Query, NoSwitches));

    [Fact]
    public void NoFma_RunsX64V2()
    {
        var cpu = new FakeCpu { Leaf1Ecx = FakeCpu.V3Leaf1 & ~(1 << 12) };
        Assert.Equal(InstructionSetLevel.X64V2, CpuLevel.FromCpuId(cpu.Query, NoSwitches));
    }

    [Fact]
    public void OldCpuWithoutLeafD_RunsX64V2() =>
        Assert.Equal(InstructionSetLevel.X64V2, CpuLevel.FromCpuId(new FakeCpu { MaxLeaf = 0xB }.Query, NoSwitches));

    [Theory]
    [InlineData("DOTNET_EnableAVX512", "0", 3)]
    [InlineData("DOTNET_EnableAVX2", "0", 2)]
    [InlineData("DOTNET_EnableAVX", "0", 2)]
    [InlineData("DOTNET_EnableHWIntrinsic", "0", 2)]
    [InlineData("DOTNET_EnableAVX512", "1", 4)]
    public void RuntimeSwitches_CapTheLevel(string name, string value, int expectedLevel) =>
        Assert.Equal((InstructionSetLevel)expectedLevel, CpuLevel.FromCpuId(new FakeCpu().Query, n => n == name ? value : null));

    [Fact]
    public void Detect_AgreesWithTheRuntimesOwnChecks()
    {
        // The JIT reads the same CPUID bits and XCR0, and honours the same switches (CI runs this under each of them).
        InstructionSetLevel expected =
            Avx512F.IsSupported && Avx512BW.IsSupported && Avx512CD.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported &&
            Avx2.IsSupported && Fma.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Lzcnt.IsSupported
                ? InstructionSetLevel.X64V4
                : Avx2.IsSupported && Fma.IsSupported && Bmi1.IsSupported && Bmi2.IsSupported && Lzcnt.IsSupported
                    ? InstructionSetLevel.X64V3
                    : InstructionSetLevel.X64V2;
        Assert.Equal(expected, CpuLevel.Detect());
    }

    [Fact]
    public void FileName_NamesTheBuildAsTheProjectFilePublishesIt() =>
        Assert.Equal("/opt/vectornn/VectorNN.Cli-x86-64-v4", LevelLauncher.FileName("/opt/vectornn/VectorNN.Cli", InstructionSetLevel.X64V4));

    /// <summary>CPUID answers of an AMD Zen 5 (read on one), with fields to take features away.</summary>
    private sealed class FakeCpu
    {
        public const int V3Leaf1 = (1 << 12) | (1 << 22) | (1 << 27) | (1 << 28) | (1 << 29);
        public const int V3Leaf7 = (1 << 3) | (1 << 5) | (1 << 8);
        private const int Avx512Leaf7 = (1 << 16) | (1 << 17) | (1 << 28) | (1 << 30) | (1 << 31);

        public int MaxLeaf { get; init; } = 0x10;
        public int Leaf1Ecx { get; init; } = V3Leaf1;
        public int Leaf7Ebx { get; init; } = V3Leaf7 | Avx512Leaf7;
        public int ExtendedEcx { get; init; } = 1 << 5;
        public int EnabledSaveAreaSize { get; init; } = 2432;

        public (int Eax, int Ebx, int Ecx, int Edx) Query(int leaf, int subLeaf) => (leaf, subLeaf) switch
        {
            (0, _) => (MaxLeaf, 0, 0, 0),
            (1, _) => (0, 0, Leaf1Ecx, 0),
            (7, 0) => (0, Leaf7Ebx, 0, 0),
            (0xD, 0) => (0xE7, EnabledSaveAreaSize, 2432, 0),
            (0xD, 2) => (256, 576, 0, 0),
            (0xD, 5) => (64, 832, 0, 0),
            (0xD, 6) => (512, 896, 0, 0),
            (0xD, 7) => (1024, 1408, 0, 0),
            (unchecked((int)0x80000000), _) => (unchecked((int)0x80000008), 0, 0, 0),
            (unchecked((int)0x80000001), _) => (0, 0, ExtendedEcx, 0),
            _ => (0, 0, 0, 0),
        };
    }
}
