using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Testing;

/// <summary>One source document of a test project, markup already removed.</summary>
internal sealed record TestDocument(string FileName, string FilePath, string Text);

/// <summary>The documents of a test project and every diagnostic expected in them (markup + explicit).</summary>
internal sealed class TestState
{
    /// <summary>Documents live in one folder so an .editorconfig there applies to all of them.</summary>
    public const string Directory = "/0/";

    private TestState(ImmutableArray<TestDocument> documents, ImmutableArray<DiagnosticResult> expectedDiagnostics)
    {
        Documents = documents;
        ExpectedDiagnostics = expectedDiagnostics;
    }

    public ImmutableArray<TestDocument> Documents { get; }

    /// <summary>All expected diagnostics with their locations resolved to spans.</summary>
    public ImmutableArray<DiagnosticResult> ExpectedDiagnostics { get; }

    public static TestState Create(
        string testCode,
        IEnumerable<(string FileName, string Source)> additionalSources,
        IEnumerable<DiagnosticResult> explicitDiagnostics,
        Func<DiagnosticResult> defaultDiagnostic)
    {
        var documents = ImmutableArray.CreateBuilder<TestDocument>();
        var expected = ImmutableArray.CreateBuilder<DiagnosticResult>();
        var numberedSpans = new Dictionary<int, ExpectedSpan>();

        foreach (var (fileName, source) in new[] { ("Test0.cs", testCode) }.Concat(additionalSources))
        {
            if (documents.Any(d => d.FileName == fileName))
            {
                throw new InvalidOperationException($"Two test documents are named {fileName}.");
            }

            TestMarkup markup = TestMarkup.Parse(source, fileName);
            string path = Directory + fileName;
            documents.Add(new TestDocument(fileName, path, markup.Text));
            foreach (var (id, span) in markup.DiagnosticSpans)
            {
                DiagnosticResult result = id is null ? defaultDiagnostic() : new DiagnosticResult(id);
                expected.Add(result.WithSpan(path, span));
            }

            foreach (var pair in markup.NumberedSpans)
            {
                if (numberedSpans.ContainsKey(pair.Key))
                {
                    throw new InvalidOperationException($"Markup location #{pair.Key} is used in two documents.");
                }

                numberedSpans.Add(pair.Key, new ExpectedSpan(path, pair.Value));
            }
        }

        expected.AddRange(explicitDiagnostics.Select(d => d.WithResolvedKeys(numberedSpans)));
        return new TestState(documents.ToImmutable(), expected.ToImmutable());
    }

    public TestDocument? FindDocument(string? filePath) => Documents.FirstOrDefault(d => d.FilePath == filePath);
}

/// <summary>A reported diagnostic, and whether the compiler (not the analyzer) reported it.</summary>
internal sealed record ActualDiagnostic(Diagnostic Diagnostic, bool FromCompiler);
