using System.Globalization;
using System.Text.Json;
using VectorNN.Cli.Output;

namespace VectorNN.Cli.Commands;

/// <summary>One epoch as <c>train</c> reports it.</summary>
internal sealed record EpochRow(
    int Epoch, double TrainLoss, double? TrainAccuracy, double? TestLoss, double? TestAccuracy, double SamplesPerSecond, double Seconds, bool Regression = false, double? TestRSquared = null)
{
    /// <summary>The validation loss after the epoch (--validation-fraction), or null.</summary>
    public double? ValidationLoss { get; init; }

    /// <summary>The validation accuracy after the epoch, or null.</summary>
    public double? ValidationAccuracy { get; init; }

    /// <summary>The learning rate of the epoch.</summary>
    public double LearningRate { get; init; }

    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {Epoch,3}  train loss {TrainLoss:F5}{Validation()}{(TestLoss is double l ? $"  test loss {l:F5}" : "")}{(TestAccuracy is double a ? $"  test accuracy {a:F4}" : "")}{(TestRSquared is double r ? $"  test R^2 {r:F4}" : "")}  lr {LearningRate:G4}  {SamplesPerSecond:N0} samples/s  {Seconds:F2} s");

    /// <summary>The epoch in a few words, for a progress bar's label.</summary>
    public string Summary() => string.Create(
        CultureInfo.InvariantCulture,
        $"epoch {Epoch}  loss {TrainLoss:F4}{(ValidationLoss is double v ? $"  val {v:F4}" : "")}{(TestAccuracy is double a ? $"  test {a:F4}" : "")}{(TestRSquared is double r ? $"  test R^2 {r:F4}" : "")}  {SamplesPerSecond / 1000:F0}k/s");

    public void Write(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("epoch", Epoch);
        writer.WriteNumber("train_loss", TrainLoss);
        JsonReport.Optional(writer, "train_accuracy", TrainAccuracy);
        JsonReport.Optional(writer, "test_loss", TestLoss);
        JsonReport.Optional(writer, "test_accuracy", TestAccuracy);
        if (Regression)
        {
            // The test set's R^2 in the targets' units (mean over targets); null without a test set or for a constant target.
            JsonReport.Optional(writer, "test_r2", TestRSquared);
        }

        JsonReport.Optional(writer, "validation_loss", ValidationLoss);
        JsonReport.Optional(writer, "validation_accuracy", ValidationAccuracy);
        writer.WriteNumber("learning_rate", LearningRate);
        writer.WriteNumber("samples_per_s", SamplesPerSecond);
        writer.WriteNumber("seconds", Seconds);
        writer.WriteEndObject();
    }

    private string Validation() => string.Create(
        CultureInfo.InvariantCulture,
        $"{(ValidationLoss is double l ? $"  validation loss {l:F5}" : "")}{(ValidationAccuracy is double a ? $"  validation accuracy {a:F4}" : "")}");
}
