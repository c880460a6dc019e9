using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.CodeFixes.CloseSequences;

namespace SocketBehavior.Tests.CloseSequences;

/// <summary>
/// Programs that contain exactly the statements <see cref="CloseSequence"/> emits, so the loopback tests prove
/// what code fixes insert, not a hand-written copy of it.
/// </summary>
internal static class SequenceProgram
{
    /// <summary>The oldest language version the emitted code must compile with.</summary>
    public const LanguageVersion OldestLanguage = LanguageVersion.CSharp7_3;

    public static string AfterError(string connection, ConnectionShape shape) =>
        Render(CloseSequence.AfterError(SyntaxFactory.ParseExpression(connection), shape));

    public static string NormalEnd(string connection, ConnectionShape shape) =>
        Render(CloseSequence.NormalEnd(SyntaxFactory.ParseExpression(connection), shape));

    /// <summary>A program with one method <c>Program.Run(parameters)</c> returning a string.</summary>
    public static string Source(string parameters, string body) =>
        "using System;\n" +
        "using System.IO;\n" +
        "using System.Net.Sockets;\n" +
        "using System.Text;\n" +
        "\n" +
        "public static class Program\n" +
        "{\n" +
        "    public static string Run(" + parameters + ")\n" +
        "    {\n" +
        body + "\n" +
        "    }\n" +
        "}\n";

    public static string Render(ImmutableArray<StatementSyntax> statements) =>
        string.Join("\n", statements.Select(statement => statement.NormalizeWhitespace(eol: "\n").ToFullString()));
}
