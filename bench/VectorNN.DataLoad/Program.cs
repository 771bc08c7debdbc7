using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using VectorNN.Data;

// Times loading and normalizing a data set as the vectornn program does it, stage by stage, once per process (each
// measurement in a fresh process, as the program meets the data). bench/data-load.sh runs it and takes medians.
//
//   VectorNN.DataLoad idx <train-images-idx3-ubyte.gz> [repeats]   gunzip alone (the limit), IdxLoader.Load, Fit, normalize
//   VectorNN.DataLoad csv <file.csv> [repeats]                     reading the file alone (the limit), CsvLoader.Load, Fit, normalize
//
// Prints one line of tab-separated "stage=milliseconds" pairs per repeat (default 1). The first is what a program
// meets; later ones run compiled code in memory the process has touched before.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: VectorNN.DataLoad idx|csv <file> [repeats]");
    return 2;
}

string path = args[1];
int repeats = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
var times = new List<(string Stage, double Ms)>();
var clock = Stopwatch.StartNew();
void Lap(string stage)
{
    times.Add((stage, clock.Elapsed.TotalMilliseconds));
    clock.Restart();
}

for (int repeat = 0; repeat < repeats; repeat++)
{
    times.Clear();
    clock.Restart();
    Measure();
    Console.WriteLine(string.Join('\t', times.Select(t => $"{t.Stage}={t.Ms.ToString("F1", CultureInfo.InvariantCulture)}")));
    GC.Collect();
}

return 0;

void Measure()
{
    // The loads first, as a program meets them; then the limit, the same file read into a buffer of its size (touched
    // first, so page faults count in the loads only).
    if (args[0] == "idx")
    {
        Normalize(IdxLoader.Load<float>(path));
        var content = new byte[checked((int)new FileInfo(path).Length * 2)];
        content.AsSpan().Fill(1);
        clock.Restart();
        using (var gzip = new GZipStream(File.OpenRead(path), CompressionMode.Decompress))
        {
            gzip.ReadAtLeast(content, content.Length, throwOnEndOfStream: false);
        }

        Lap("gunzip");
    }
    else
    {
        Normalize(CsvLoader.Load<float>(path));
        var text = new byte[checked((int)new FileInfo(path).Length)];
        text.AsSpan().Fill(1);
        clock.Restart();
        using (FileStream file = File.OpenRead(path))
        {
            file.ReadExactly(text);
        }

        Lap("read");
    }
}

// Fit on the set and rescale it, as `vectornn train --normalize zscore` does.
void Normalize(Dataset<float> train)
{
    Lap("load");
    Normalization zscore = Normalization.Fit(NormalizationMethod.ZScore, train.Inputs, train.InputWidth);
    Lap("fit");
    NormalizeStep(train, zscore);
    Lap("normalize");
    times.Add(("total", times.Where(t => t.Stage is "load" or "fit" or "normalize").Sum(t => t.Ms)));
}

// The vectornn program's rescaling of a loaded set: in place.
static void NormalizeStep(Dataset<float> data, Normalization normalization) => normalization.Apply(data);
