using VectorNN.Data;
using Xunit;

namespace VectorNN.Tests.Data;

public sealed class CsvLoaderTests
{
    private const string Name = "t.csv";

    [Fact]
    public void Iris_LoadsAs150By4_WithTheThreeSpecies()
    {
        Dataset<float> iris = CsvLoader.Load<float>(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"));

        Assert.Equal(150, iris.Count);
        Assert.Equal(4, iris.InputWidth);
        Assert.Equal(["setosa", "versicolor", "virginica"], iris.ClassNames);
        Assert.Equal([5.1f, 3.5f, 1.4f, 0.2f], iris.Input(0).ToArray());
        Assert.Equal([1f, 0f, 0f], iris.Target(0).ToArray());
        Assert.Equal([0f, 0f, 1f], iris.Target(149).ToArray());
    }

    [Fact]
    public void AHeaderRow_IsDetected_AndSkipped()
    {
        Dataset<double> withHeader = Load("a,b,class\n1,2,x\n3,4,y\n");
        Dataset<double> without = Load("1,2,x\n3,4,y\n");

        Assert.Equal(2, withHeader.Count);
        Assert.Equal(withHeader.Inputs.ToArray(), without.Inputs.ToArray());
        Assert.Equal([1.0, 2, 3, 4], without.Inputs.ToArray());
    }

    [Fact]
    public void AHeader_OfNumbersExceptTheLabel_IsData_ButOneNamingTheLabel_IsAHeader()
    {
        Assert.Equal(3, Load("1,2,label\n1,2,x\n3,4,y\n").Count);
        Assert.Equal(2, Load("1,2,label\n1,2,x\n3,4,y\n", new CsvOptions { Label = "label" }).Count);
    }

    [Fact]
    public void TheLabel_ByName_AndByIndex_PicksThatColumn()
    {
        const string text = "kind,a,b\nx,1,2\ny,3,4\nx,5,6\n";
        Dataset<double> byName = Load(text, new CsvOptions { Label = "kind" });
        Dataset<double> byIndex = Load(text, new CsvOptions { Label = "0" });

        foreach (Dataset<double> d in new[] { byName, byIndex })
        {
            Assert.Equal(2, d.InputWidth);
            Assert.Equal([1.0, 2, 3, 4, 5, 6], d.Inputs.ToArray());
            Assert.Equal(["x", "y"], d.ClassNames);
            Assert.Equal([1.0, 0, 0, 1, 1, 0], d.Targets.ToArray());
        }
    }

    [Fact]
    public void IntegerClasses_AreOrderedNumerically_OthersOrdinally()
    {
        Dataset<double> numbers = Load("1,10\n2,9\n3,2\n4,10\n");
        Assert.Equal(["2", "9", "10"], numbers.ClassNames);
        Assert.Equal([0.0, 0, 1, 0, 1, 0, 1, 0, 0, 0, 0, 1], numbers.Targets.ToArray());

        Dataset<double> text = Load("1,b\n2,B\n3,a10\n4,a9\n");
        Assert.Equal(["B", "a10", "a9", "b"], text.ClassNames);
    }

    [Fact]
    public void TargetColumns_MakeARegressionSet_InTheGivenOrder()
    {
        Dataset<double> d = Load("x,y,u,v\n1,2,3,4\n5,6,7,8\n", new CsvOptions { TargetColumns = ["v", "1"], Label = "x" });

        Assert.Null(d.ClassNames);
        Assert.Equal(2, d.InputWidth);
        Assert.Equal([1.0, 3, 5, 7], d.Inputs.ToArray());
        Assert.Equal([4.0, 2, 8, 6], d.Targets.ToArray());
    }

    [Fact]
    public void TargetNames_AreTheHeaderFields_OrTheIndicesWhereTheHeaderCannotNameThem()
    {
        Assert.Equal(["v", "y"], Load("x,y,u,v\n1,2,3,4\n", new CsvOptions { TargetColumns = ["v", "1"] }).TargetNames);
        Assert.Equal(["y"], Load("x, y ,u\n1,2,3\n", new CsvOptions { TargetColumns = ["1"] }).TargetNames);

        // No header: the indices, which name the same columns again. A blank or shared header field: the index too.
        Assert.Equal(["2", "0"], Load("1,2,3,4\n5,6,7,8\n", new CsvOptions { TargetColumns = ["2", "0"] }).TargetNames);
        Assert.Equal(["1", "y"], Load("x,,y\n1,2,3\n", new CsvOptions { TargetColumns = ["1", "2"] }).TargetNames);
        Assert.Equal(["1", "2"], Load("x,y,y\n1,2,3\n", new CsvOptions { TargetColumns = ["1", "2"] }).TargetNames);
        Assert.Null(Load("x,y,label\n1,2,a\n").TargetNames);
    }

    [Fact]
    public void QuotedFields_Whitespace_BlankLines_AndOtherSeparators_AreRead()
    {
        Dataset<double> d = Load("\n\"a,1\", \"b\"\"\" ,name\n\n  \" 1.5 \" , -2e1 , \"Iris, \"\"big\"\"\"\r\n   \n3,4, small \n\n");

        Assert.Equal([1.5, -20, 3, 4], d.Inputs.ToArray());
        Assert.Equal(["Iris, \"big\"", "small"], d.ClassNames);

        Dataset<double> tabs = Load("1\t2\tx\n", new CsvOptions { Separator = '\t' });
        Assert.Equal([1.0, 2], tabs.Inputs.ToArray());
    }

    [Fact]
    public void KnownClasses_MapInTheirOrder_AndAnUnknownLabel_IsAnError()
    {
        var options = new CsvOptions { Classes = ["c", "a", "b"] };
        Dataset<double> d = Load("1,a\n2,b\n", options);

        Assert.Equal(["c", "a", "b"], d.ClassNames);
        Assert.Equal([0.0, 1, 0, 0, 0, 1], d.Targets.ToArray());
        AssertError(() => Load("h,label\n1,a\n\n2,z\n", options), 4, 2, "expected one of the classes c, a, b, got 'z'");
    }

    [Fact]
    public void Float_ReadsDecimalTextWithOneRounding()
    {
        float[] values = CsvLoader.LoadFeatures<float>(new StringReader("0.1,16777217,3.4028235e38\n"), Name, 3);
        Assert.Equal([0.1f, 16777216f, float.MaxValue], values);
    }

    public static TheoryData<string, int, int, string> Errors => new()
    {
        { "a,b,c\n1,2,x\n3,4\n", 3, 3, "expected 3 fields, got 2" },
        { "1,2,x\n\n3,4,5,y\n", 3, 4, "expected 3 fields, got 4" },
        { "a,b,c\n1,abc,x\n", 2, 2, "expected a number, got 'abc'" },
        { "1,2,x\n3,4,x\nNaN,1,y\n", 3, 1, "expected a finite number, got 'NaN'" },
        { "1,-Infinity,x\n", 1, 2, "expected a finite number, got '-Infinity'" },
        { "1,1e999,x\n", 1, 2, "expected a finite number, got '1e999'" },
        { "", 1, 0, "expected at least one data row, got none" },
        { "\n  \n", 3, 0, "expected at least one data row, got none" },
        { "a,b,c\n\n", 3, 0, "expected at least one data row, got none" },
        { "1,\"2,x\n", 1, 2, "expected a closing quote, got the end of the line" },
        { "1,\"2\"3,x\n", 1, 2, "expected ',' or the end of the line after a closing quote, got '3'" },
        { "1,2,\n", 1, 3, "expected a class label, got ''" },
        { "label\nx\n", 1, 0, "expected at least one feature column besides the 1 label or target columns, got 1 columns" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void BadData_NamesFileLineAndColumn_AndExpectedAgainstFound(string text, int line, int column, string message) =>
        AssertError(() => Load(text), line, column, message);

    [Fact]
    public void BadColumnOptions_AreErrors_NamingTheColumns()
    {
        AssertError(() => Load("a,b,c\n1,2,3\n", new CsvOptions { Label = "d" }), 1, 0, "expected one of: a, b, c, got 'd'");
        AssertError(() => Load("1,2,3\n", new CsvOptions { Label = "c" }), 1, 0, "expected one of: 1, 2, 3, got 'c'");
        AssertError(() => Load("a,b,c\n1,2,3\n", new CsvOptions { Label = "3" }), 1, 0, "expected a column index in [0, 2], got 3");
        AssertError(() => Load("a,b,c\n1,2,3\n", new CsvOptions { TargetColumns = ["c", "-1"] }), 1, 0, "expected a column index in [0, 2], got -1");
        AssertError(() => Load("a,b,c\n1,2,3\n", new CsvOptions { TargetColumns = ["c", "2"] }), 1, 3, "expected distinct target columns");
    }

    [Fact]
    public void TooManyClassesForOneHotTargets_IsAFormatError_NotAnOverflow()
    {
        var text = new System.Text.StringBuilder();
        for (int i = 0; i < 50_000; i++)
        {
            text.Append(i).Append(",0.").Append(i).Append('\n');
        }

        var e = Assert.Throws<DataFormatException>(() => Load(text.ToString()));
        Assert.Contains("expected few enough classes for one-hot targets, got 50000 distinct labels in column 1 of 50000 rows", e.Message);
    }

    [Fact]
    public void Errors_FromAFile_NameTheFile()
    {
        using var folder = new TempFolder();
        string path = folder.Write("bad.csv", "a,b,c\n1,2,x\n1,2\n");

        var e = Assert.Throws<DataFormatException>(() => CsvLoader.Load<float>(path));
        Assert.Equal(path, e.Path);
        Assert.StartsWith($"{path}:3:3: ", e.Message);
        Assert.Throws<FileNotFoundException>(() => CsvLoader.Load<float>(Path.Combine(folder.Path, "missing.csv")));
    }

    [Fact]
    public void BadOptions_AreArgumentErrors()
    {
        Assert.Throws<ArgumentException>(() => Load("1,x\n", new CsvOptions { Separator = '"' }));
        Assert.Throws<ArgumentException>(() => Load("1,x\n", new CsvOptions { Classes = ["a", "a"] }));
        Assert.Throws<ArgumentException>(() => Load("1,x\n", new CsvOptions { Classes = [] }));
        Assert.Throws<ArgumentException>(() => Load("1,x\n", new CsvOptions { TargetColumns = [] }));
        Assert.Throws<ArgumentOutOfRangeException>(() => CsvLoader.LoadFeatures<float>(new StringReader("1\n"), Name, 0));
    }

    [Fact]
    public void LoadFeatures_TakesRowsWithOrWithoutTheLabelColumn()
    {
        Assert.Equal([1.0, 2, 3, 4], Features("1,2\n3,4\n", 2));
        Assert.Equal([1.0, 2, 3, 4], Features("a,b\n1,2\n\n3,4\n", 2));
        Assert.Equal([1.0, 2, 3, 4], Features("a,b,species\n1,2,setosa\n3,4,virginica\n", 2));
        Assert.Equal([1.0, 2, 3, 4], Features("kind,a,b\nx,1,2\ny,3,4\n", 2, new CsvOptions { Label = "kind" }));
        Assert.Equal([1.0, 2, 3, 4], Features("9,1,2\n8,3,4\n", 2, new CsvOptions { Label = "0" }));
        Assert.Equal([2.0, 4], Features("1,2,3\n3,4,5\n", 1, new CsvOptions { TargetColumns = ["0", "2"] }));

        float[] iris = CsvLoader.LoadFeatures<float>(Path.Combine(AppContext.BaseDirectory, "data", "iris.csv"), 4);
        Assert.Equal(600, iris.Length);
    }

    [Fact]
    public void LoadFeatures_Errors_NameLineAndColumn()
    {
        AssertError(() => Features("1,2,3,4\n", 2), 1, 0, "expected 2 fields (features) or 3 (with the label or target columns), got 4");
        AssertError(() => Features("1,2\n3\n", 2), 2, 2, "expected 2 fields, got 1");
        AssertError(() => Features("a,b,c\n1,2,x\n3,y,z\n", 2), 3, 2, "expected a number, got 'y'");
        AssertError(() => Features("a,b\n", 2), 2, 0, "expected at least one data row, got none");
    }

    private static Dataset<double> Load(string text, CsvOptions? options = null) =>
        CsvLoader.Load<double>(new StringReader(text), Name, options);

    private static double[] Features(string text, int featureCount, CsvOptions? options = null) =>
        CsvLoader.LoadFeatures<double>(new StringReader(text), Name, featureCount, options);

    private static void AssertError(Action load, int line, int column, string message)
    {
        var e = Assert.Throws<DataFormatException>(load);
        Assert.Equal(Name, e.Path);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains(message, e.Message);
        string position = column > 0 ? $"{line}:{column}" : $"{line}";
        Assert.StartsWith($"{Name}:{position}: ", e.Message);
    }
}
