using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace VectorNN.Benchmarks;

/// <summary>
/// GFLOP/s = flops / median time, for benchmark classes that implement <see cref="IFlopCounted"/>; the rate is what
/// compares with the machine's peak (about 260 GFLOP/s float per Zen 5 core), which a time alone does not show.
/// </summary>
public sealed class GflopsColumn : IColumn
{
    /// <inheritdoc />
    public string Id => nameof(GflopsColumn);

    /// <inheritdoc />
    public string ColumnName => "GFLOP/s";

    /// <inheritdoc />
    public bool AlwaysShow => true;

    /// <inheritdoc />
    public ColumnCategory Category => ColumnCategory.Statistics;

    /// <inheritdoc />
    public int PriorityInCategory => 100;

    /// <inheritdoc />
    public bool IsNumeric => true;

    /// <inheritdoc />
    public UnitType UnitType => UnitType.Dimensionless;

    /// <inheritdoc />
    public string Legend => "Floating-point operations per second (2 m n k / median time), in billions";

    /// <inheritdoc />
    public bool IsAvailable(Summary summary) =>
        summary.BenchmarksCases.Any(c => typeof(IFlopCounted).IsAssignableFrom(c.Descriptor.Type));

    /// <inheritdoc />
    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) =>
        GetValue(summary, benchmarkCase, SummaryStyle.Default);

    /// <inheritdoc />
    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        double? medianNanoseconds = summary[benchmarkCase]?.ResultStatistics?.Median;
        if (medianNanoseconds is not > 0 || Activator.CreateInstance(benchmarkCase.Descriptor.Type) is not IFlopCounted counted)
        {
            return "-";
        }

        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            var type = benchmarkCase.Descriptor.Type;
            type.GetProperty(parameter.Name)?.SetValue(counted, parameter.Value);
            type.GetField(parameter.Name)?.SetValue(counted, parameter.Value);
        }

        return (counted.Flops / medianNanoseconds.Value).ToString("F1", CultureInfo.InvariantCulture);
    }

    /// <inheritdoc />
    public override string ToString() => ColumnName;
}
