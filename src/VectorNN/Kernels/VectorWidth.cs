namespace VectorNN.Kernels;

/// <summary>The widest SIMD register width the kernels use on this process.</summary>
public enum VectorWidth
{
    /// <summary>No hardware vectors: every kernel runs its scalar loop.</summary>
    Scalar = 0,

    /// <summary>128-bit vectors (SSE, AdvSimd).</summary>
    Vector128 = 128,

    /// <summary>256-bit vectors (AVX2 with FMA).</summary>
    Vector256 = 256,

    /// <summary>512-bit vectors (AVX-512).</summary>
    Vector512 = 512,
}
