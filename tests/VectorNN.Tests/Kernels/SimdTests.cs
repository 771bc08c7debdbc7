using System.Runtime.Intrinsics;
using VectorNN.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace VectorNN.Tests.Kernels;

public sealed class SimdTests(ITestOutputHelper output)
{
    [Fact]
    public void Width_IsTheWidestAcceleratedWidth_AndHonoursTheRuntimeSwitches()
    {
        string line = $"SIMD path under test: {Simd.Describe()}";
        output.WriteLine(line);
        Console.Error.WriteLine(line);

        VectorWidth expected =
            Vector512.IsHardwareAccelerated ? VectorWidth.Vector512 :
            Vector256.IsHardwareAccelerated ? VectorWidth.Vector256 :
            Vector128.IsHardwareAccelerated ? VectorWidth.Vector128 : VectorWidth.Scalar;
        Assert.Equal(expected, Simd.Width);

        // The CI runs this suite once per switch; each must really select a narrower path.
        if (Environment.GetEnvironmentVariable("DOTNET_EnableHWIntrinsic") == "0")
        {
            Assert.Equal(VectorWidth.Scalar, Simd.Width);
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX2") == "0")
        {
            Assert.True(Simd.Width <= VectorWidth.Vector128, $"AVX2 disabled but width is {Simd.Width}");
        }

        if (Environment.GetEnvironmentVariable("DOTNET_EnableAVX512") == "0")
        {
            Assert.True(Simd.Width <= VectorWidth.Vector256, $"AVX-512 disabled but width is {Simd.Width}");
        }
    }
}
