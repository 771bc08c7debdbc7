using MathNet.Numerics.LinearAlgebra;

namespace VectorNN.Tests.Oracles;

/// <summary>
/// The independent reference: MathNet.Numerics' managed linear algebra, always in double. Row-major arrays go in and
/// come out, so tests compare the kernels' output element by element.
/// </summary>
public static class MathNetOracle
{
    /// <summary>Wraps a row-major array as a MathNet matrix.</summary>
    public static Matrix<double> Matrix(ReadOnlySpan<double> rowMajor, int rows, int columns)
    {
        var copy = rowMajor[..(rows * columns)].ToArray();
        return Matrix<double>.Build.Dense(rows, columns, (i, j) => copy[i * columns + j]);
    }

    /// <summary>Wraps an array as a MathNet vector.</summary>
    public static Vector<double> Vector(ReadOnlySpan<double> values) => Vector<double>.Build.DenseOfArray(values.ToArray());

    /// <summary>
    /// alpha * x element by element. MathNet's scalar products take shortcuts (a zero scalar clears the vector, and
    /// <c>OuterProduct</c> skips zero factors), so inf * 0 would come out 0 instead of NaN; oracles that may meet
    /// infinities scale through here.
    /// </summary>
    public static Vector<double> Scale(double alpha, ReadOnlySpan<double> x)
    {
        var result = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            result[i] = alpha * x[i];
        }

        return Vector<double>.Build.DenseOfArray(result);
    }

    /// <summary>Copies a MathNet matrix out as a row-major array.</summary>
    public static double[] RowMajor(Matrix<double> m)
    {
        var result = new double[m.RowCount * m.ColumnCount];
        for (int i = 0; i < m.RowCount; i++)
        {
            for (int j = 0; j < m.ColumnCount; j++)
            {
                result[i * m.ColumnCount + j] = m[i, j];
            }
        }

        return result;
    }

    /// <summary>Widens a float array to double for the oracle.</summary>
    public static double[] ToDouble(ReadOnlySpan<float> values)
    {
        var result = new double[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            result[i] = values[i];
        }

        return result;
    }
}
