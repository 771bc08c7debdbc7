namespace VectorNN.Cli.Launch;

/// <summary>
/// The x86-64 micro-architecture levels a NativeAOT build of the program is compiled for: the value is the level's
/// number, as in the compiler's instruction-set names <c>x86-64-v2</c>, <c>x86-64-v3</c> and <c>x86-64-v4</c>.
/// </summary>
internal enum InstructionSetLevel
{
    /// <summary>SSE4.2 and POPCNT: the NativeAOT default, so the kernels run Vector128 without FMA.</summary>
    X64V2 = 2,

    /// <summary>AVX2, FMA, BMI1/2, LZCNT, MOVBE and F16C: Vector256 with FMA.</summary>
    X64V3 = 3,

    /// <summary>x86-64-v3 plus AVX-512 F, BW, CD, DQ and VL: Vector512 with FMA.</summary>
    X64V4 = 4,
}
