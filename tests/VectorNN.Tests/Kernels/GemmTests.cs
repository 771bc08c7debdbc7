using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using FsCheck.Xunit;
using VectorNN.Kernels;
using VectorNN.Kernels.Widths;
using VectorNN.Tests.Generators;
using VectorNN.Tests.Oracles;
using Xunit;

namespace VectorNN.Tests.Kernels;

/// <summary>
/// Gemm against MathNet in double. Every element must lie within Higham's gamma_k bound (<see cref="ErrorBound.Sum{T}"/>)
/// of the oracle, scaled by sum_p |a_ip b_pj| (+ |c_ij| or |bias_j| when that is added): the bound any summation
/// order, with or without FMA, satisfies, so it accepts every correct blocking and rejects any wrong element.
/// </summary>
public sealed class GemmTests
{
    private const MatrixTranspose N = MatrixTranspose.None;
    private const MatrixTranspose T = MatrixTranspose.Transposed;

    [Property(Arbitrary = new[] { typeof(GemmCases) }, MaxTest = 40)]
    public void Multiply_MatchesOracle_ForEveryTransposition(GemmCase g)
    {
        // C starts as unrelated values: Multiply must overwrite, not add.
        CheckProduct<float>(g, Values.As<float>(g.C), accumulate: false);
        CheckProduct<double>(g, Values.As<double>(g.C), accumulate: false);
    }

    [Property(Arbitrary = new[] { typeof(GemmCases) }, MaxTest = 40)]
    public void MultiplyAccumulate_AddsToC(GemmCase g)
    {
        CheckProduct<float>(g, Values.As<float>(g.C), accumulate: true);
        CheckProduct<double>(g, Values.As<double>(g.C), accumulate: true);
    }

    [Property(Arbitrary = new[] { typeof(GemmCases) }, MaxTest = 25)]
    public void Multiply_NeverReadsC_EvenWhenItHoldsNaN(GemmCase g)
    {
        CheckProduct<float>(g, Enumerable.Repeat(float.NaN, g.M * g.N).ToArray(), accumulate: false);
        CheckProduct<double>(g, Enumerable.Repeat(double.NaN, g.M * g.N).ToArray(), accumulate: false);
    }

    [Property(Arbitrary = new[] { typeof(GemmCases) }, MaxTest = 40)]
    public void Linear_IsXTimesWTransposedPlusBias(GemmCase g)
    {
        CheckLinear<float>(g);
        CheckLinear<double>(g);
    }

    // C with few columns (a layer with 3 or 10 outputs) takes the narrow path; these reach it on purpose.
    [Property(Arbitrary = new[] { typeof(GemmNarrowCases) }, MaxTest = 40)]
    public void NarrowC_Multiply_MatchesOracle_AndNeverReadsC(GemmCase g)
    {
        CheckProduct<float>(g, Values.As<float>(g.C), accumulate: false);
        CheckProduct<double>(g, Values.As<double>(g.C), accumulate: false);
        CheckProduct<float>(g, Enumerable.Repeat(float.NaN, g.M * g.N).ToArray(), accumulate: false);
        CheckProduct<double>(g, Enumerable.Repeat(double.NaN, g.M * g.N).ToArray(), accumulate: false);
    }

    [Property(Arbitrary = new[] { typeof(GemmNarrowCases) }, MaxTest = 40)]
    public void NarrowC_MultiplyAccumulate_AddsToC(GemmCase g)
    {
        CheckProduct<float>(g, Values.As<float>(g.C), accumulate: true);
        CheckProduct<double>(g, Values.As<double>(g.C), accumulate: true);
    }

    [Property(Arbitrary = new[] { typeof(GemmNarrowCases) }, MaxTest = 40)]
    public void NarrowC_Linear_IsXTimesWTransposedPlusBias(GemmCase g)
    {
        CheckLinear<float>(g);
        CheckLinear<double>(g);
    }

    [Fact]
    public void NarrowC_TakesTheNarrowPath_WhereItsTilesFitBetter()
    {
        // One column fits the one-register tile better than the wider one on every width (scalar: 1 vs 2 columns),
        // so the properties above reach the narrow kernel everywhere; on Vector512 the output layers with 3 and 10
        // outputs take it too, while a wide C keeps the wide tile.
        Assert.Equal(GemmPath.Narrow, CurrentPath<float>(128, 1));
        Assert.Equal(GemmPath.Narrow, CurrentPath<double>(128, 1));
        Assert.Equal(GemmPath.Wide, CurrentPath<float>(128, 256));
        if (Simd.Width == VectorWidth.Vector512)
        {
            Assert.Equal(GemmPath.Narrow, CurrentPath<float>(128, 3));
            Assert.Equal(GemmPath.Narrow, CurrentPath<float>(128, 10));
            Assert.Equal(GemmPath.Narrow, CurrentPath<double>(128, 3));
        }
    }

    // A small batch's forward pass X W^T computes C^T with the narrow tile, reading W in place; these reach it.
    [Property(Arbitrary = new[] { typeof(GemmShortCases) }, MaxTest = 30)]
    public void ShortC_Multiply_MatchesOracle_AndNeverReadsC(GemmCase g)
    {
        CheckProduct<float>(g, Values.As<float>(g.C), accumulate: false);
        CheckProduct<double>(g, Values.As<double>(g.C), accumulate: false);
        CheckProduct<float>(g, Enumerable.Repeat(float.NaN, g.M * g.N).ToArray(), accumulate: false);
    }

    [Property(Arbitrary = new[] { typeof(GemmShortCases) }, MaxTest = 30)]
    public void ShortC_MultiplyAccumulate_AddsToC(GemmCase g)
    {
        CheckProduct<float>(g, Values.As<float>(g.C), accumulate: true);
        CheckProduct<double>(g, Values.As<double>(g.C), accumulate: true);
    }

    [Property(Arbitrary = new[] { typeof(GemmShortCases) }, MaxTest = 30)]
    public void ShortC_Linear_IsXTimesWTransposedPlusBias(GemmCase g)
    {
        CheckLinear<float>(g);
        CheckLinear<double>(g);
    }

    [Fact]
    public void ShortC_WithBTransposed_TakesTheSwappedNarrowPath()
    {
        // The forward pass of batch 32 through a 784 -> 256 layer, on every width; 33 rows, B as stored, or a C
        // no wider than it is tall keep the direct tiles.
        Assert.Equal(GemmPath.SwappedNarrow, CurrentPath<float>(32, 256, transposeB: true));
        Assert.Equal(GemmPath.SwappedNarrow, CurrentPath<double>(1, 2, transposeB: true));
        Assert.NotEqual(GemmPath.SwappedNarrow, CurrentPath<float>(33, 256, transposeB: true));
        Assert.NotEqual(GemmPath.SwappedNarrow, CurrentPath<float>(32, 256, transposeB: false));
        Assert.NotEqual(GemmPath.SwappedNarrow, CurrentPath<float>(32, 32, transposeB: true));
    }

    [Property(Arbitrary = new[] { typeof(GemmCases) }, MaxTest = 15)]
    public void Multiply_IsBitIdenticalRunToRun(GemmCase g)
    {
        float[] a = Values.As<float>(g.A), b = Values.As<float>(g.B);
        float[] first = new float[g.M * g.N], second = Values.As<float>(g.C);
        Gemm.Multiply<float>(a, g.TransposeA, b, g.TransposeB, g.M, g.N, g.K, first);
        Gemm.Multiply<float>(a, g.TransposeA, b, g.TransposeB, g.M, g.N, g.K, second);
        Assert.True(MemoryMarshal.AsBytes(first.AsSpan()).SequenceEqual(MemoryMarshal.AsBytes(second.AsSpan())), g.ToString());
    }

    [Property(Arbitrary = new[] { typeof(GemmCases) }, MaxTest = 100)]
    public void NaNAndInfinity_PropagateWhereTheOracleHasThem(GemmSpecialCase s)
    {
        GemmCase g = s.Case;
        double[] a = (double[])g.A.Clone(), b = (double[])g.B.Clone();
        (s.InA ? a : b)[s.Index] = s.Value;
        (double[] expected, double[] magnitudes) = GemmOracle.Multiply(a, g.TransposeA == T, b, g.TransposeB == T, g.M, g.N, g.K);

        // Elements the special value does not reach are finite, with finite magnitudes, and still checked to the bound.
        Check<float>();
        Check<double>();

        void Check<TValue>()
            where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue>
        {
            var c = new TValue[g.M * g.N];
            Gemm.Multiply<TValue>(Values.As<TValue>(a), g.TransposeA, Values.As<TValue>(b), g.TransposeB, g.M, g.N, g.K, c);
            Compare.Within<TValue>(c, expected, i => ErrorBound.Sum<TValue>(g.K, magnitudes[i]), $"Multiply<{typeof(TValue).Name}> {s} on {Simd.Width}: C");
        }
    }

    [Fact]
    public void ZeroDepth_MultiplyWritesZeros_AccumulateKeepsC_LinearWritesBias()
    {
        float[] c = Enumerable.Repeat(float.NaN, 12).ToArray();
        Gemm.Multiply<float>([], N, [], T, 3, 4, 0, c);
        Assert.All(c, v => Assert.Equal(0f, v));

        double[] prior = [1, 2, 3, 4, 5, 6];
        double[] accumulated = (double[])prior.Clone();
        Gemm.MultiplyAccumulate<double>([], T, [], N, 2, 3, 0, accumulated);
        Assert.Equal(prior, accumulated);

        float[] y = new float[6];
        Gemm.Linear<float>([], [], [1f, -2f, 3f, 99f], 2, 0, 3, y);
        Assert.Equal([1f, -2f, 3f, 1f, -2f, 3f], y);
    }

    [Fact]
    public void EmptyOutput_NeedsOnlyTheNonEmptyInputs()
    {
        Gemm.Multiply<float>([], N, new float[35], N, 0, 5, 7, []);
        Gemm.MultiplyAccumulate<double>(new double[35], T, [], T, 5, 0, 7, []);
        Gemm.Linear<float>([], [], [], 0, 4, 0, []);
    }

    /// <summary>Shapes past one block size each, so the NC, KC and MC loops run more than once, with partial blocks.</summary>
    public static TheoryData<string> Blocks => new() { "MC", "KC", "NC" };

    [Theory]
    [MemberData(nameof(Blocks))]
    public void ShapesBeyondTheBlockSizes_MatchTheOracle(string block)
    {
        CheckBeyondBlocks<float>(block);
        CheckBeyondBlocks<double>(block);
    }

    // The narrow path has its own (deeper, shorter) blocks; a C that narrow never reaches its NC.
    [Theory]
    [InlineData("MC")]
    [InlineData("KC")]
    public void NarrowC_ShapesBeyondTheBlockSizes_MatchTheOracle(string block)
    {
        CheckBeyondBlocks<float>(block, GemmPath.Narrow);
        CheckBeyondBlocks<double>(block, GemmPath.Narrow);
    }

    [Theory]
    [InlineData(128, 10, 128)]
    [InlineData(3, 200, 50)]
    public void FewColumnsOrRows_WhereTheDriverComputesTheTranspose_MatchTheOracle(int m, int n, int k)
    {
        foreach (MatrixTranspose ta in new[] { N, T })
        {
            foreach (MatrixTranspose tb in new[] { N, T })
            {
                GemmCase g = RandomCase(m, n, k, ta, tb);
                CheckProduct<float>(g, Values.As<float>(g.C), accumulate: false);
                CheckProduct<double>(g, Values.As<double>(g.C), accumulate: true);
                CheckLinear<float>(g);
            }
        }
    }

    [Fact]
    public void TransposedAWithRowsAPageMultipleApart_WhichIsPacked_MatchesTheOracle()
    {
        foreach (MatrixTranspose tb in new[] { N, T })
        {
            GemmCase single = RandomCase(1024, 70, 45, T, tb);
            CheckProduct<float>(single, Values.As<float>(single.C), accumulate: true);
            GemmCase pair = RandomCase(512, 70, 45, T, tb);
            CheckProduct<double>(pair, Values.As<double>(pair.C), accumulate: false);
        }
    }

    public static TheoryData<string> Dimensions => new() { "m", "n", "k" };

    [Theory]
    [MemberData(nameof(Dimensions))]
    public void NegativeDimension_ThrowsNamingIt_AndLeavesCUnchanged(string name)
    {
        int m = name == "m" ? -1 : 3, n = name == "n" ? -1 : 4, k = name == "k" ? -1 : 5;
        float[] a = new float[20], b = new float[20], c = Garbage(12);
        AssertRejected<ArgumentOutOfRangeException>(name, c, () => Gemm.Multiply<float>(a, N, b, N, m, n, k, c));
        AssertRejected<ArgumentOutOfRangeException>(name, c, () => Gemm.MultiplyAccumulate<float>(a, T, b, T, m, n, k, c));
    }

    [Theory]
    [InlineData("batch")]
    [InlineData("inFeatures")]
    [InlineData("outFeatures")]
    public void Linear_NegativeDimension_ThrowsNamingIt(string name)
    {
        int batch = name == "batch" ? -1 : 3, inF = name == "inFeatures" ? -1 : 5, outF = name == "outFeatures" ? -1 : 4;
        float[] x = new float[15], w = new float[20], bias = new float[4], y = Garbage(12);
        AssertRejected<ArgumentOutOfRangeException>(name, y, () => Gemm.Linear<float>(x, w, bias, batch, inF, outF, y));
    }

    [Fact]
    public void UndefinedTranspose_ThrowsNamingIt()
    {
        float[] a = new float[15], b = new float[20], c = Garbage(12);
        AssertRejected<ArgumentOutOfRangeException>("transposeA", c, () => Gemm.Multiply<float>(a, (MatrixTranspose)2, b, N, 3, 4, 5, c));
        AssertRejected<ArgumentOutOfRangeException>("transposeB", c, () => Gemm.Multiply<float>(a, N, b, (MatrixTranspose)(-1), 3, 4, 5, c));
    }

    public static TheoryData<string, MatrixTranspose, MatrixTranspose> ShortSpans()
    {
        var data = new TheoryData<string, MatrixTranspose, MatrixTranspose>();
        foreach (string name in new[] { "a", "b", "c" })
        {
            foreach (MatrixTranspose ta in new[] { N, T })
            {
                foreach (MatrixTranspose tb in new[] { N, T })
                {
                    data.Add(name, ta, tb);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ShortSpans))]
    public void SpanOneElementTooShort_ThrowsNamingIt_AndLeavesCUnchanged(string name, MatrixTranspose ta, MatrixTranspose tb)
    {
        const int m = 3, n = 4, k = 5;
        double[] a = new double[m * k - (name == "a" ? 1 : 0)];
        double[] b = new double[k * n - (name == "b" ? 1 : 0)];
        double[] c = Garbage(m * n - (name == "c" ? 1 : 0)).Select(v => (double)v).ToArray();
        AssertRejected<ArgumentException>(name, c, () => Gemm.Multiply<double>(a, ta, b, tb, m, n, k, c));
        AssertRejected<ArgumentException>(name, c, () => Gemm.MultiplyAccumulate<double>(a, ta, b, tb, m, n, k, c));
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weights")]
    [InlineData("bias")]
    [InlineData("y")]
    public void Linear_SpanOneElementTooShort_ThrowsNamingIt(string name)
    {
        const int batch = 3, inF = 5, outF = 4;
        float[] x = new float[batch * inF - (name == "x" ? 1 : 0)];
        float[] w = new float[outF * inF - (name == "weights" ? 1 : 0)];
        float[] bias = new float[outF - (name == "bias" ? 1 : 0)];
        float[] y = Garbage(batch * outF - (name == "y" ? 1 : 0));
        AssertRejected<ArgumentException>(name, y, () => Gemm.Linear<float>(x, w, bias, batch, inF, outF, y));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("b")]
    public void COverlappingAnInput_Throws_AndLeavesEverythingUnchanged(string input)
    {
        const int m = 3, n = 4, k = 5;
        float[] buffer = Garbage(64);
        float[] other = new float[20];

        // C's first element is the input's last one.
        AssertRejected<ArgumentException>("c", buffer, () =>
        {
            Span<float> c = buffer.AsSpan(input == "a" ? m * k - 1 : k * n - 1, m * n);
            ReadOnlySpan<float> shared = buffer.AsSpan(0, input == "a" ? m * k : k * n);
            if (input == "a")
            {
                Gemm.Multiply(shared, N, other, N, m, n, k, c);
            }
            else
            {
                Gemm.MultiplyAccumulate(other, T, shared, T, m, n, k, c);
            }
        });
    }

    [Theory]
    [InlineData("x")]
    [InlineData("weights")]
    [InlineData("bias")]
    public void Linear_YOverlappingAnInput_Throws(string input)
    {
        const int batch = 3, inF = 5, outF = 4;
        float[] buffer = Garbage(64);
        int inputLength = input switch { "x" => batch * inF, "weights" => outF * inF, _ => outF };
        AssertRejected<ArgumentException>("y", buffer, () =>
        {
            ReadOnlySpan<float> shared = buffer.AsSpan(0, inputLength);
            Span<float> y = buffer.AsSpan(inputLength - 1, batch * outF);
            float[] x = new float[batch * inF], w = new float[outF * inF], bias = new float[outF];
            Gemm.Linear(input == "x" ? shared : x, input == "weights" ? shared : w, input == "bias" ? shared : bias, batch, inF, outF, y);
        });
    }

    private static void CheckBeyondBlocks<TValue>(string block, GemmPath path = GemmPath.Wide)
        where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue>
    {
        GemmBlocking blocking = CurrentBlocking<TValue>(path);
        (int mc, int kc, int nc, int nr) = (blocking.MC, blocking.KC, blocking.NC, blocking.NR);

        // Widths chosen so the intended path is taken: 4 NR - 1 columns fill the wide tiles as well as the narrow
        // ones, and NR - 3 (at least 1) fill the narrow ones better.
        int columns = path == GemmPath.Narrow ? Math.Max(1, nr - 3) : 4 * nr - 1;
        (int m, int n, int k) = block switch
        {
            "MC" => (mc + 7, columns, 45),
            "KC" => (29, columns, 2 * kc + 5),
            _ => (7, nc + nr + 3, 21),
        };
        Assert.Equal(path, CurrentPath<TValue>(m, n));

        foreach (MatrixTranspose ta in new[] { N, T })
        {
            foreach (MatrixTranspose tb in new[] { N, T })
            {
                GemmCase g = RandomCase(m, n, k, ta, tb);
                CheckProduct<TValue>(g, Values.As<TValue>(g.C), accumulate: ta == tb);
            }
        }
    }

    private static void CheckProduct<TValue>(GemmCase g, TValue[] c, bool accumulate)
        where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue>
    {
        double[] prior = Array.ConvertAll(c, double.CreateTruncating);
        if (accumulate)
        {
            Gemm.MultiplyAccumulate<TValue>(Values.As<TValue>(g.A), g.TransposeA, Values.As<TValue>(g.B), g.TransposeB, g.M, g.N, g.K, c);
        }
        else
        {
            Gemm.Multiply<TValue>(Values.As<TValue>(g.A), g.TransposeA, Values.As<TValue>(g.B), g.TransposeB, g.M, g.N, g.K, c);
        }

        (double[] product, double[] magnitudes) = GemmOracle.Multiply(g.A, g.TransposeA == T, g.B, g.TransposeB == T, g.M, g.N, g.K);
        AssertWithinBound(g, c, i => accumulate ? prior[i] : 0, product, magnitudes, accumulate ? "MultiplyAccumulate" : "Multiply");
    }

    private static void CheckLinear<TValue>(GemmCase g)
        where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue>
    {
        // Linear's W is [out x in]: the case's B read as stored [n x k].
        TValue[] y = Values.As<TValue>(g.C);
        Gemm.Linear<TValue>(Values.As<TValue>(g.A), Values.As<TValue>(g.B), Values.As<TValue>(g.Bias), g.M, g.K, g.N, y);
        (double[] product, double[] magnitudes) = GemmOracle.Multiply(g.A, false, g.B, true, g.M, g.N, g.K);
        AssertWithinBound(g, y, i => g.Bias[i % g.N], product, magnitudes, "Linear");
    }

    private static void AssertWithinBound<TValue>(
        GemmCase g, TValue[] actual, Func<int, double> added, double[] product, double[] magnitudes, string operation)
        where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue>
    {
        double[] expected = product.Select((p, i) => p + added(i)).ToArray();
        Compare.Within<TValue>(
            actual, expected, i => ErrorBound.Sum<TValue>(g.K, magnitudes[i] + Math.Abs(added(i))),
            $"{operation}<{typeof(TValue).Name}> {g} on {Simd.Width}: C");
    }

    private static void AssertRejected<TException>(string paramName, float[] watched, Action call)
        where TException : ArgumentException =>
        AssertRejected<TException, float>(paramName, watched, call);

    private static void AssertRejected<TException>(string paramName, double[] watched, Action call)
        where TException : ArgumentException =>
        AssertRejected<TException, double>(paramName, watched, call);

    private static void AssertRejected<TException, TValue>(string paramName, TValue[] watched, Action call)
        where TException : ArgumentException
        where TValue : unmanaged
    {
        byte[] before = MemoryMarshal.AsBytes(watched.AsSpan()).ToArray();
        TException exception = Assert.Throws<TException>(call);
        Assert.Equal(paramName, exception.ParamName);
        Assert.True(before.AsSpan().SequenceEqual(MemoryMarshal.AsBytes(watched.AsSpan())), "the destination changed");
    }

    // A fixed-seed case for the deterministic tests, drawn like Values.Finite but without FsCheck's generator cost.
    private static GemmCase RandomCase(int m, int n, int k, MatrixTranspose ta, MatrixTranspose tb)
    {
        var random = new Random(HashCode.Combine(m, n, k, ta, tb));
        double[] Draw(int length) =>
            Enumerable.Range(0, length).Select(_ => random.Next(-(4 << 16), (4 << 16) + 1) / 65536.0).ToArray();
        return new GemmCase(m, n, k, ta, tb, Draw(m * k), Draw(k * n), Draw(m * n), Draw(n));
    }

    // Distinct non-zero values, so any write to a rejected call's destination shows.
    private static float[] Garbage(int length) => Enumerable.Range(1, length).Select(i => i * 0.5f).ToArray();

    private static GemmPath CurrentPath<TValue>(int m, int n, bool transposeB = false)
        where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue> => Simd.Width switch
        {
            VectorWidth.Vector512 => GemmDriver<TValue, Vector512<TValue>, Vector512Ops<TValue>>.ChoosePath(m, n, transposeB: transposeB),
            VectorWidth.Vector256 => GemmDriver<TValue, Vector256<TValue>, Vector256Ops<TValue>>.ChoosePath(m, n, transposeB: transposeB),
            VectorWidth.Vector128 => GemmDriver<TValue, Vector128<TValue>, Vector128Ops<TValue>>.ChoosePath(m, n, transposeB: transposeB),
            _ => GemmDriver<TValue, TValue, ScalarOps<TValue>>.ChoosePath(m, n, transposeB: transposeB),
        };

    private static GemmBlocking CurrentBlocking<TValue>(GemmPath path)
        where TValue : unmanaged, IBinaryFloatingPointIeee754<TValue>
    {
        bool narrow = path == GemmPath.Narrow;
        return Simd.Width switch
        {
            VectorWidth.Vector512 => narrow
                ? GemmDriver<TValue, Vector512<TValue>, Vector512Ops<TValue>>.NarrowBlocking
                : GemmDriver<TValue, Vector512<TValue>, Vector512Ops<TValue>>.Blocking,
            VectorWidth.Vector256 => narrow
                ? GemmDriver<TValue, Vector256<TValue>, Vector256Ops<TValue>>.NarrowBlocking
                : GemmDriver<TValue, Vector256<TValue>, Vector256Ops<TValue>>.Blocking,
            VectorWidth.Vector128 => narrow
                ? GemmDriver<TValue, Vector128<TValue>, Vector128Ops<TValue>>.NarrowBlocking
                : GemmDriver<TValue, Vector128<TValue>, Vector128Ops<TValue>>.Blocking,
            _ => narrow ? GemmDriver<TValue, TValue, ScalarOps<TValue>>.NarrowBlocking : GemmDriver<TValue, TValue, ScalarOps<TValue>>.Blocking,
        };
    }
}
