using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// What a SOCK003 comparison names, as the message shows it: the compared numbers or texts, why they are not
/// portable, and the single SocketError member they mean, if any.
/// </summary>
internal sealed class SocketErrorByTextOrNumberFinding
{
    private SocketErrorByTextOrNumberFinding(LocalizableString compared, LocalizableString reason, string? meaning, bool allRecognized)
    {
        Compared = compared;
        Reason = reason;
        Meaning = meaning;
        AllRecognized = allRecognized;
    }

    public LocalizableString Compared { get; }

    public LocalizableString Reason { get; }

    public string? Meaning { get; }

    /// <summary>Every compared constant is known; a fix may rewrite the comparison without losing a case.</summary>
    public bool AllRecognized { get; }

    /// <summary>What the message suggests instead: <c>SocketError.X</c>, or any SocketError.</summary>
    public object Replacement =>
        Meaning is null ? Text("SOCK003_AnySocketError") : "SocketError." + Meaning;

    /// <summary>What the constants name, or null when none of them is a socket error (nothing to report).</summary>
    public static SocketErrorByTextOrNumberFinding? Evaluate(ExceptionDetail detail, List<ComparedConstant> constants, bool isRegexPattern, ConnectionModel model)
    {
        if (constants.Count == 0)
        {
            return null;
        }

        return detail.Kind switch
        {
            ExceptionDetailKind.Number => EvaluateNumbers(constants, detail.OfSocketException),
            ExceptionDetailKind.Text => EvaluateTexts(constants, isRegexPattern),
            _ => EvaluateCast(detail, constants, model),
        };
    }

    /// <summary>
    /// The socket numbers among the constants. A Winsock code (10054) is judged on any exception that may hold a
    /// connection's error; an errno or Win32 number (104, 11, 995) only where it is read from a SocketException
    /// (<paramref name="ofSocketException"/>): on an HRESULT, a Win32Exception of another API or a project's code, the
    /// same small number means something else.
    /// </summary>
    private static SocketErrorByTextOrNumberFinding? EvaluateNumbers(List<ComparedConstant> constants, bool ofSocketException)
    {
        var allRecognized = true;
        var numbers = new List<long>();
        var codes = ImmutableArray.CreateBuilder<SocketErrorCatalog.NativeCode>();
        foreach (var constant in constants)
        {
            var found = !constant.IsSocketError && ToInt64(constant.Value) is { } number && (ofSocketException || SocketErrorCatalog.IsWinsockNumber(number))
                ? SocketErrorCatalog.LookUpNative(number)
                : ImmutableArray<SocketErrorCatalog.NativeCode>.Empty;
            if (found.IsEmpty)
            {
                allRecognized = false;
                continue;
            }

            numbers.Add(ToInt64(constant.Value)!.Value);
            codes.AddRange(found);
        }

        if (numbers.Count == 0)
        {
            return null;
        }

        var meaning = SocketErrorCatalog.SingleMeaning(codes.ToImmutable());
        var list = LocalizedText.Join("SOCK003_ListSeparator", numbers.Distinct().Select(number => (object)FormatNumber(number)));
        // "ECONNRESET on Linux and macOS": localized in the reader's culture, like the rest of the message.
        var names = LocalizedText.Join("SOCK003_ListSeparator", codes
            .GroupBy(code => (code.Number, code.Name))
            .Select(group => (object)LocalizedText.Format(
                "SOCK003_CodeOnSystems",
                group.Key.Name,
                LocalizedText.Join("SOCK003_SystemsSeparator", group.Select(code => (object)code.OperatingSystem)))));
        var single = numbers.Distinct().Count() == 1;
        return new SocketErrorByTextOrNumberFinding(
            LocalizedText.Format(single ? "SOCK003_Number" : "SOCK003_Numbers", list),
            LocalizedText.Format(single ? "SOCK003_NumberReason" : "SOCK003_NumbersReason", names),
            meaning == SocketErrorMeaning.Unknown ? null : meaning.ToString(),
            allRecognized);
    }

    private static SocketErrorByTextOrNumberFinding? EvaluateTexts(List<ComparedConstant> constants, bool isRegexPattern)
    {
        var allRecognized = true;
        var texts = new List<string>();
        SocketErrorMeaning? common = null;
        foreach (var constant in constants)
        {
            if (constant.Value is not string text ||
                !SocketErrorCatalog.IsConnectionErrorText(isRegexPattern ? RegexToText(text) : text, out var meaning))
            {
                allRecognized = false;
                continue;
            }

            texts.Add(text);
            common = common is null || common == meaning ? meaning : SocketErrorMeaning.Unknown;
        }

        if (texts.Count == 0)
        {
            return null;
        }

        return new SocketErrorByTextOrNumberFinding(
            LocalizedText.Format("SOCK003_Text", LocalizedText.Join("SOCK003_ListSeparator", texts.Select(text => (object)("'" + text + "'")))),
            Text("SOCK003_TextReason"),
            common is { } found && found != SocketErrorMeaning.Unknown ? found.ToString() : null,
            allRecognized);
    }

    private static SocketErrorByTextOrNumberFinding? EvaluateCast(ExceptionDetail detail, List<ComparedConstant> constants, ConnectionModel model)
    {
        var allRecognized = true;
        var members = new List<string>();
        foreach (var constant in constants)
        {
            // (SocketError)e.ErrorCode == SocketError.Success is 0 == 0 everywhere.
            if (constant.IsSocketError && SocketErrorName(constant.Value, model) is { } name && name != "Success")
            {
                members.Add(name);
            }
            else
            {
                allRecognized = false;
            }
        }

        if (members.Count == 0)
        {
            return null;
        }

        var distinct = members.Distinct().ToList();
        return new SocketErrorByTextOrNumberFinding(
            Text("SOCK003_Cast", detail.PropertyName),
            Text("SOCK003_CastReason", detail.PropertyName),
            distinct.Count == 1 ? distinct[0] : null,
            allRecognized);
    }

    private static string? SocketErrorName(object? value, ConnectionModel model)
    {
        if (value is not int number || model.SocketError is null)
        {
            return null;
        }

        foreach (var member in model.SocketError.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int memberValue } field && memberValue == number)
            {
                return field.Name;
            }
        }

        return null;
    }

    private static long? ToInt64(object? value) => value switch
    {
        int number => number,
        long number => number,
        uint number => number,
        short number => number,
        ushort number => number,
        byte number => number,
        sbyte number => number,
        ulong number when number <= long.MaxValue => (long)number,
        _ => null,
    };

    /// <summary>HRESULTs read best in hex (0x80072746), errno and Winsock numbers in decimal.</summary>
    private static string FormatNumber(long number) =>
        number < 0 || number > 0xFFFF
            ? "0x" + unchecked((uint)number).ToString("X8", CultureInfo.InvariantCulture)
            : number.ToString(CultureInfo.InvariantCulture);

    /// <summary>A regex pattern as the text it matches, for the common forms: <c>(?i)connection\s+reset</c>.</summary>
    private static string RegexToText(string pattern) =>
        pattern.Replace("(?i)", string.Empty)
            .Replace(@"\s+", " ").Replace(@"\s*", " ").Replace(@"\s", " ").Replace(@"\b", string.Empty)
            .Replace(".*", " ").Replace(".+", " ").Replace("^", string.Empty).Replace("$", string.Empty);

    /// <summary>A part of the message, localized when the message is formatted.</summary>
    private static LocalizableString Text(string key, params string[] arguments) =>
        new LocalizableResourceString(key, Resources.ResourceManager, typeof(Resources), arguments);
}
