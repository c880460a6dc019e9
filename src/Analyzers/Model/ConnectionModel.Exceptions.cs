using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>The model's questions about exceptions: which types can carry a socket error, where its number and text are read, and SocketError values.</summary>
public sealed partial class ConnectionModel
{
    /// <summary>
    /// Whether a catch of <paramref name="caught"/> (null or object: <c>catch { }</c>) can take a reset or broken
    /// pipe, by its type alone (a filter may still turn it away).
    /// </summary>
    public bool CatchMayTakeSocketError(ITypeSymbol? caught) =>
        caught is null || caught.SpecialType == SpecialType.System_Object || CanCarrySocketError(caught);

    /// <summary>Whether an exception of this type can carry a reset or broken pipe.</summary>
    public bool CanCarrySocketError(ITypeSymbol? type)
    {
        if (type is null)
        {
            return false;
        }

        // Bases of SocketException, and the wrappers that carry it as InnerException.
        return SymbolEqualityComparer.Default.Equals(type, Exception) ||
               SymbolEqualityComparer.Default.Equals(type, AggregateException) ||
               SymbolEqualityComparer.Default.Equals(type, ExternalException) ||
               SymbolEqualityComparer.Default.Equals(type, Win32Exception) ||
               InheritsFrom(type, SocketException) ||
               InheritsFrom(type, WebSocketException) ||
               InheritsFrom(type, IOException);
    }

    public bool IsSocketException(ITypeSymbol? type) => InheritsFrom(type, SocketException);

    /// <summary>
    /// Whether an exception of this static type can be, or wrap, a SocketException: SocketException and its bases
    /// (Win32Exception, ExternalException, SystemException, Exception), IOException and its subclasses outside
    /// System.IO (System.IO's own — FileNotFoundException, EndOfStreamException ... — are file-system errors),
    /// AggregateException and WebSocketException. Narrower than <see cref="CanCarrySocketError"/>.
    /// </summary>
    public bool CanBeSocketError(ITypeSymbol? type)
    {
        if (type is null || type.TypeKind == TypeKind.Error || !InheritsFrom(type, Exception))
        {
            return false;
        }

        if (InheritsFrom(type, SocketException) || InheritsFrom(SocketException, type as INamedTypeSymbol))
        {
            return true;
        }

        if (InheritsFrom(type, IOException))
        {
            return SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, IOException) ||
                   type.ContainingNamespace?.ToDisplayString() != "System.IO";
        }

        return InheritsFrom(type, AggregateException) || InheritsFrom(type, WebSocketException);
    }

    /// <summary>
    /// <c>ErrorCode</c>, <c>NativeErrorCode</c> or <c>HResult</c> of an exception: the native (per-OS) number of a
    /// socket error. <c>SocketErrorCode</c> is the portable one and is not among them.
    /// </summary>
    public bool IsNativeErrorNumberProperty(IPropertySymbol? property) =>
        property is { Name: "ErrorCode" or "NativeErrorCode" or "HResult", IsIndexer: false } &&
        InheritsFrom(property.ContainingType, Exception);

    /// <summary><c>e.ToString()</c> on an exception: its message and stack trace as text.</summary>
    public bool IsExceptionToString(IInvocationOperation invocation) =>
        invocation is { Instance: { } instance, TargetMethod: { Name: "ToString", Parameters.IsEmpty: true } } &&
        InheritsFrom(instance.Type, Exception);

    /// <summary><c>Exception.Message</c> (or an override): text the C library or Windows localizes.</summary>
    public bool IsExceptionMessageProperty(IPropertySymbol? property) =>
        property is { Name: "Message", IsIndexer: false } && InheritsFrom(property.ContainingType, Exception);

    public bool IsIOException(ITypeSymbol? type) => InheritsFrom(type, IOException);

    public bool IsSocketErrorType(ITypeSymbol? type) =>
        type is not null && SocketError is not null && SymbolEqualityComparer.Default.Equals(type, SocketError);

    /// <summary>The SocketError member name of a constant SocketError operand, e.g. "ConnectionReset".</summary>
    public string? GetSocketErrorName(IOperation? operation)
    {
        if (operation is IConversionOperation conversion && conversion.IsImplicit)
        {
            operation = conversion.Operand;
        }

        if (operation is IFieldReferenceOperation { Field: { HasConstantValue: true } field } &&
            IsSocketErrorType(field.ContainingType))
        {
            return field.Name;
        }

        return null;
    }

    /// <summary>
    /// The SocketError member whose value is <paramref name="value"/> (10054 → "ConnectionReset"): the enum's values are
    /// the same on every OS, so a code read as a number and compared with one names that member. Null for other values.
    /// </summary>
    public string? GetSocketErrorNameOfValue(object? value)
    {
        if (SocketError is null || value is not (int or long or short or uint or ushort or byte or sbyte))
        {
            return null;
        }

        var number = System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
        foreach (var member in SocketError.GetMembers())
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int memberValue } field && memberValue == number)
            {
                return field.Name;
            }
        }

        return null;
    }

    /// <summary>The value of the SocketError member <paramref name="name"/>, or null.</summary>
    public int? GetSocketErrorValue(string name)
    {
        foreach (var member in SocketError?.GetMembers(name) ?? ImmutableArray<ISymbol>.Empty)
        {
            if (member is IFieldSymbol { HasConstantValue: true, ConstantValue: int value })
            {
                return value;
            }
        }

        return null;
    }
}
