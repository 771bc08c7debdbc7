using System.Numerics;

namespace VectorNN;

/// <summary>
/// The element types the library computes in: <see cref="float"/> and <see cref="double"/>. The generic constraint
/// (<see cref="IBinaryFloatingPointIeee754{TSelf}"/>) also admits types such as <see cref="Half"/>, which the SIMD
/// kernels do not implement; <see cref="Layers.Network{T}"/> and the model loaders refuse them at once through
/// <see cref="Require{T}"/> rather than failing later inside a kernel.
/// </summary>
public static class ElementTypes
{
    /// <summary>Whether <typeparamref name="T"/> is <see cref="float"/> or <see cref="double"/>.</summary>
    public static bool IsSupported<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
        => typeof(T) == typeof(float) || typeof(T) == typeof(double);

    /// <summary>Throws unless <typeparamref name="T"/> is <see cref="float"/> or <see cref="double"/>.</summary>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is another type; the message names the supported ones.</exception>
    public static void Require<T>()
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!IsSupported<T>())
        {
            throw new NotSupportedException($"VectorNN computes in float or double elements only, not {typeof(T).Name}; use Network<float> or Network<double>.");
        }
    }
}
