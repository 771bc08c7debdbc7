using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using VectorNN.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.Kernels;

public sealed class SimdTests(ITestOutputHelper output)
{
    // The expected width comes from the runtime switches the CI sets and from the instruction sets the runtime reports
    // for this CPU (the X86/Arm intrinsic classes), not from Vector*.IsHardwareAccelerated, which the code itself asks.
    // On x86 the kernels' widths map to SSE (128), AVX2 (256) and AVX-512 (512); on Arm64 AdvSimd gives 128.
    [Fact]
    public void Width_IsTheWidestWidthTheSwitchesAndTheCpuAllow()
    {
        string line = $"SIMD path under test: {Simd.Describe()}";
        output.WriteLine(line);
        Console.Error.WriteLine(line);

        VectorWidth expected =
            Disabled("DOTNET_EnableHWIntrinsic") ? VectorWidth.Scalar :
            AdvSimd.IsSupported ? VectorWidth.Vector128 :
            !Sse2.IsSupported ? VectorWidth.Scalar :
            Disabled("DOTNET_EnableAVX2") || !Avx2.IsSupported ? VectorWidth.Vector128 :
            Disabled("DOTNET_EnableAVX512") || !Avx512F.IsSupported ? VectorWidth.Vector256 :
            VectorWidth.Vector512;
        Assert.Equal(expected, Simd.Width);
    }

    private static bool Disabled(string variable) => Environment.GetEnvironmentVariable(variable) == "0";
}
