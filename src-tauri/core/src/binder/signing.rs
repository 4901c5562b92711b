//! The binder seal's cryptography: each workbook's own signing key and self-signed
//! X.509 certificate (made on the first export, kept in the `signing_key` table, which is
//! encrypted with the rest of the file), the detached CMS signature a binder carries
//! (PAdES baseline B-B: SHA-256; signed attributes content-type, message-digest and ESS
//! signing-certificate-v2; no signing-time attribute, since PAdES puts the time in the
//! signature dictionary's /M), and checking such a signature again.
//!
//! Deterministic by construction: RSA PKCS#1 v1.5 uses no randomness and DER has one
//! encoding per value, so the same key and the same digest give the same bytes. Only
//! making the key and the certificate's serial number draw on the OS's randomness, once.
//!
//! Built on RustCrypto's `cms`, `x509-cert`, `der` and `rsa` crates: no DER by hand. The
//! one structure they lack (ESS signing-certificate-v2, RFC 5035) is declared with
//! `der`'s derive below. Chosen over the PAdES crates (`pdf_signer`, `underskrift`):
//! they read the key from a PKCS#12 keystore and carry timestamping, LTV and elliptic
//! curve support the seal does not use, which every CI build would compile; and over the
//! OpenSSL that SQLCipher's build vendors, which is linked inside `rusqlite`'s bundle and
//! not reachable from Rust without the `openssl` crate and a second OpenSSL build.

use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::{CmsVersion, ContentInfo};
use cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedAttributes, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use der::asn1::{GeneralizedTime, ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Sequence, Tag};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey};
use rsa::signature::{SignatureEncoding, Signer as _, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::Serialize;
use sha2::{Digest, Sha256};
use spki::{AlgorithmIdentifierOwned, SubjectPublicKeyInfoOwned};
use ts_rs::TS;
use x509_cert::attr::{Attribute, AttributeTypeAndValue};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

use super::BinderError;
use crate::workbook::{Action, Actor, Entity, Workbook, WorkbookError};

/// The one row of `signing_key`.
const KEY_ID: &str = "binder";
const ALGORITHM: &str = "rsa-2048-pkcs1v15-sha256";
const RSA_BITS: usize = 2048;
/// How long the certificate is valid. Binders are kept for years after an audit.
const VALID_YEARS: u32 = 20;
/// Names the workbook in the certificate's organisational-unit attribute.
const WORKBOOK_PREFIX: &str = "Readiness Workbook ";

const OID_CN: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");
const OID_O: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const OID_OU: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const OID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const OID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const OID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const OID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const OID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const OID_SIGNING_CERT_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");

/// RFC 5035 `SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2, policies OPTIONAL }`.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// `ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }`.
/// The hash is SHA-256, the default, which DER leaves out.
#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
    #[asn1(optional = "true")]
    issuer_serial: Option<IssuerSerial>,
}

#[derive(Clone, Debug, Eq, PartialEq, Sequence)]
struct IssuerSerial {
    issuer: Vec<GeneralName>,
    serial_number: SerialNumber,
}

/// What the app and the cover show about a workbook's seal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SealInfo {
    /// SHA-256 of the certificate (DER), lower-case hex: what a client sends the auditor.
    pub certificate_fingerprint: String,
    /// The certificate's subject, e.g. "CN=Acme evidence binder seal, O=Acme, OU=Readiness Workbook <id>".
    pub subject: String,
    /// The organisation the certificate names (as it was named when the seal was made).
    pub organization: String,
}

/// A workbook's signing key and certificate, loaded for signing.
pub(crate) struct Seal {
    key: SigningKey<Sha256>,
    cert: Certificate,
    cert_der: Vec<u8>,
    pub info: SealInfo,
}

fn internal(what: &str, e: impl std::fmt::Display) -> BinderError {
    BinderError::Internal(format!("{what}: {e}"))
}

fn fingerprint(cert_der: &[u8]) -> String {
    hex::encode(Sha256::digest(cert_der))
}

/// The workbook's seal, if its first binder has been exported.
pub(crate) fn load(conn: &Connection) -> Result<Option<Seal>, BinderError> {
    let row: Option<(Vec<u8>, Vec<u8>, String)> = conn
        .query_row(
            "SELECT private_key, certificate, subject FROM signing_key WHERE id = :id",
            named_params! { ":id": KEY_ID },
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()
        .map_err(WorkbookError::from)?;
    let Some((key_der, cert_der, subject)) = row else { return Ok(None) };
    let key = RsaPrivateKey::from_pkcs8_der(&key_der)
        .map_err(|e| internal("the workbook's binder signing key is unreadable", e))?;
    let cert =
        Certificate::from_der(&cert_der).map_err(|e| internal("the workbook's binder certificate is unreadable", e))?;
    let organization = subject_value(&cert.tbs_certificate.subject, OID_O).unwrap_or_default();
    let info = SealInfo { certificate_fingerprint: fingerprint(&cert_der), subject, organization };
    Ok(Some(Seal { key: SigningKey::<Sha256>::new(key), cert, cert_der, info }))
}

/// The seal's public details, if the workbook has one yet.
pub fn info(wb: &Workbook) -> Result<Option<SealInfo>, BinderError> {
    Ok(load(wb.conn())?.map(|s| s.info))
}

/// Makes the workbook's signing key and certificate if it has none yet, through the one
/// write path (logged with the certificate's SHA-256, never the key), and returns the
/// seal's details. Afterwards nothing changes them: binders already sent out keep
/// verifying against this certificate.
///
/// `first_binder_at` is the generated-at of the binder about to be signed: the
/// certificate is valid from a day before it (or before now, if earlier), so a binder
/// dated in the past is not signed before its own certificate existed.
pub fn ensure(wb: &mut Workbook, actor: &Actor, first_binder_at: DateTime<Utc>) -> Result<SealInfo, BinderError> {
    if let Some(seal) = load(wb.conn())? {
        return Ok(seal.info);
    }
    let org = crate::organization::get(wb)?.legal_name;
    let made = make(&org, &wb.id().0, first_binder_at.min(Utc::now()))?;
    wb.write(actor, |w| -> Result<(), BinderError> {
        w.sql()
            .execute(
                "INSERT INTO signing_key (id, algorithm, private_key, certificate, fingerprint, subject, created_at)
                 VALUES (:id, :algorithm, :key, :cert, :fingerprint, :subject, :created_at)",
                named_params! {
                    ":id": KEY_ID, ":algorithm": ALGORITHM, ":key": made.key_der.as_slice(),
                    ":cert": made.cert_der.as_slice(), ":fingerprint": made.info.certificate_fingerprint,
                    ":subject": made.info.subject, ":created_at": Utc::now().to_rfc3339(),
                },
            )
            .map_err(WorkbookError::from)?;
        w.record(Entity::SigningKey, KEY_ID, Action::Create)?;
        Ok(())
    })?;
    Ok(made.info)
}

struct Made {
    key_der: zeroize::Zeroizing<Vec<u8>>,
    cert_der: Vec<u8>,
    info: SealInfo,
}

fn utf8(oid: ObjectIdentifier, value: &str) -> Result<RelativeDistinguishedName, BinderError> {
    let value = Any::new(Tag::Utf8String, value.as_bytes()).map_err(|e| internal("a certificate name", e))?;
    let set = SetOfVec::try_from(vec![AttributeTypeAndValue { oid, value }])
        .map_err(|e| internal("a certificate name", e))?;
    Ok(RelativeDistinguishedName(set))
}

fn x509_time(t: DateTime<Utc>) -> Result<Time, BinderError> {
    let since = Duration::from_secs(t.timestamp().max(0) as u64);
    // RFC 5280: UTCTime through 2049, GeneralizedTime from 2050.
    if t.year() < 2050 {
        UtcTime::from_unix_duration(since).map(Time::UtcTime).map_err(|e| internal("a certificate date", e))
    } else {
        GeneralizedTime::from_unix_duration(since).map(Time::GeneralTime).map_err(|e| internal("a certificate date", e))
    }
}

fn make(org: &str, workbook_id: &str, valid_from: DateTime<Utc>) -> Result<Made, BinderError> {
    let mut rng = rand_core::OsRng;
    let key = RsaPrivateKey::new(&mut rng, RSA_BITS).map_err(|e| internal("making the binder signing key", e))?;
    let key_der = zeroize::Zeroizing::new(
        key.to_pkcs8_der().map_err(|e| internal("storing the binder signing key", e))?.as_bytes().to_vec(),
    );
    let cn = format!("{org} evidence binder seal");
    let ou = format!("{WORKBOOK_PREFIX}{workbook_id}");
    let subject: Name = RdnSequence(vec![utf8(OID_CN, &cn)?, utf8(OID_O, org)?, utf8(OID_OU, &ou)?]);
    let mut serial = [0u8; 16];
    rand_core::RngCore::fill_bytes(&mut rng, &mut serial);
    serial[0] &= 0x7F; // positive
    serial[0] |= 0x01; // and sixteen bytes long
    let serial = SerialNumber::new(&serial).map_err(|e| internal("a certificate serial number", e))?;
    // Back-dated a day so a binder exported right away is inside the validity period
    // whatever the clocks of the machines involved.
    let start = valid_from - chrono::Duration::days(1);
    let end = start.checked_add_months(chrono::Months::new(12 * VALID_YEARS)).unwrap_or(start);
    let validity = Validity { not_before: x509_time(start)?, not_after: x509_time(end)? };
    let public = SubjectPublicKeyInfoOwned::from_key(key.to_public_key())
        .map_err(|e| internal("the binder certificate's public key", e))?;
    let signer = SigningKey::<Sha256>::new(key);
    let profile =
        Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
    let cert = CertificateBuilder::new(profile, serial, validity, subject, public, &signer)
        .map_err(|e| internal("the binder certificate", e))?
        .build::<Signature>()
        .map_err(|e| internal("signing the binder certificate", e))?;
    let cert_der = cert.to_der().map_err(|e| internal("the binder certificate", e))?;
    let info = SealInfo {
        certificate_fingerprint: fingerprint(&cert_der),
        subject: format!("CN={cn}, O={org}, OU={ou}"),
        organization: org.to_owned(),
    };
    Ok(Made { key_der, cert_der, info })
}

fn sha256_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: OID_SHA256, parameters: None }
}

/// rsaEncryption with its NULL parameters, as RFC 3370 has CMS name PKCS#1 v1.5.
fn rsa_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: OID_RSA, parameters: Some(Any::null()) }
}

fn attribute(oid: ObjectIdentifier, value: Any) -> der::Result<Attribute> {
    Ok(Attribute { oid, values: SetOfVec::try_from(vec![value])? })
}

impl Seal {
    /// The CMS SignedData (DER) over a document whose SHA-256 is `digest`.
    ///
    /// Assembled from `cms`'s types rather than its builder, which would bring in
    /// encryption crates the seal never uses.
    pub(crate) fn sign(&self, digest: &[u8]) -> Result<Vec<u8>, BinderError> {
        self.signed_data(digest).map_err(|e| internal("signing the binder", e))
    }

    fn signed_data(&self, digest: &[u8]) -> der::Result<Vec<u8>> {
        let tbs = &self.cert.tbs_certificate;
        let ess = SigningCertificateV2 {
            certs: vec![EssCertIdV2 {
                cert_hash: OctetString::new(Sha256::digest(&self.cert_der).to_vec())?,
                issuer_serial: Some(IssuerSerial {
                    issuer: vec![GeneralName::DirectoryName(tbs.issuer.clone())],
                    serial_number: tbs.serial_number.clone(),
                }),
            }],
        };
        // SetOfVec sorts into DER order, so the attributes encode the same every time.
        let attrs: SignedAttributes = SetOfVec::try_from(vec![
            attribute(OID_CONTENT_TYPE, Any::encode_from(&OID_DATA)?)?,
            attribute(OID_MESSAGE_DIGEST, Any::encode_from(&OctetString::new(digest.to_vec())?)?)?,
            attribute(OID_SIGNING_CERT_V2, Any::encode_from(&ess)?)?,
        ])?;
        // RFC 5652 5.4: with signed attributes, the signature is over their DER as a SET OF.
        let signature: Signature = self.key.sign(&attrs.to_der()?);
        let signer = SignerInfo {
            version: CmsVersion::V1,
            sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
                issuer: tbs.issuer.clone(),
                serial_number: tbs.serial_number.clone(),
            }),
            digest_alg: sha256_id(),
            signed_attrs: Some(attrs),
            signature_algorithm: rsa_id(),
            signature: OctetString::new(signature.to_vec())?,
            unsigned_attrs: None,
        };
        let data = SignedData {
            version: CmsVersion::V1,
            digest_algorithms: SetOfVec::try_from(vec![sha256_id()])?,
            encap_content_info: EncapsulatedContentInfo { econtent_type: OID_DATA, econtent: None },
            certificates: Some(CertificateSet(SetOfVec::try_from(vec![CertificateChoices::Certificate(
                self.cert.clone(),
            )])?)),
            crls: None,
            signer_infos: SignerInfos(SetOfVec::try_from(vec![signer])?),
        };
        ContentInfo { content_type: OID_SIGNED_DATA, content: Any::encode_from(&data)? }.to_der()
    }
}

/// Who signed a binder, as its signature says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    /// SHA-256 of the signer's certificate.
    pub fingerprint: String,
    /// The workbook id the certificate names, if it is one of ours.
    pub workbook_id: Option<String>,
    /// The organisation the certificate names.
    pub organization: Option<String>,
}

/// Why a signature does not hold, in words for the person checking.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureFault {
    #[error("the signature data cannot be read ({0})")]
    Unreadable(String),
    #[error("the signature carries no certificate")]
    NoCertificate,
    #[error("the signature does not say what was signed the way a binder's does ({0})")]
    Unexpected(String),
    #[error("the file's contents no longer match what was signed: it was changed after signing")]
    ContentChanged,
    #[error("the signature does not match its certificate: it was forged or damaged")]
    Forged,
    #[error("the space that holds the signature was edited after signing")]
    SpaceEdited,
}

fn attr(attrs: &[Attribute], oid: ObjectIdentifier) -> Option<&Any> {
    attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next())
}

fn subject_value(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| std::str::from_utf8(atv.value.value()).ok().map(str::to_owned))
}

/// Checks a CMS SignedData (followed by the zero padding of a PDF's /Contents) against
/// the SHA-256 of the signed bytes, and says whose certificate signed it.
///
/// The /Contents string is the one part of a signed PDF the signature cannot cover, so
/// every byte of it is pinned here: the padding must be zeros, and each field outside
/// the signed attributes must be exactly what `Seal::sign` writes. A byte changed there
/// is then a failed check like a byte changed anywhere else.
pub fn check(cms_der: &[u8], digest: &[u8]) -> Result<Signer, SignatureFault> {
    let unreadable = |e: der::Error| SignatureFault::Unreadable(e.to_string());
    let unexpected = |what: &str| SignatureFault::Unexpected(what.to_owned());
    let mut reader = der::SliceReader::new(cms_der).map_err(unreadable)?;
    let info = <ContentInfo as der::Decode>::decode(&mut reader).map_err(unreadable)?;
    let used = info.to_der().map_err(unreadable)?;
    if !cms_der.starts_with(&used) || cms_der[used.len()..].iter().any(|b| *b != 0) {
        return Err(SignatureFault::SpaceEdited);
    }
    if info.content_type != OID_SIGNED_DATA {
        return Err(unexpected("it is not signed data"));
    }
    let data: SignedData = info.content.decode_as().map_err(unreadable)?;
    let sha256 = sha256_id();
    if data.version != CmsVersion::V1
        || data.digest_algorithms.as_slice() != [sha256.clone()]
        || data.crls.is_some()
        || data.encap_content_info.econtent_type != OID_DATA
    {
        return Err(unexpected("its structure is not a binder seal's"));
    }
    if data.encap_content_info.econtent.is_some() {
        return Err(unexpected("it is not a detached signature"));
    }
    let (Some(si), 1) = (data.signer_infos.0.iter().next(), data.signer_infos.0.len()) else {
        return Err(unexpected("it has other than one signer"));
    };
    if si.version != CmsVersion::V1 || si.digest_alg != sha256 || si.unsigned_attrs.is_some() {
        return Err(unexpected("its signer is not described as a binder seal's"));
    }
    if si.signature_algorithm != rsa_id() {
        return Err(unexpected("its algorithm is not RSA with SHA-256"));
    }
    let Some(signed_attrs) = &si.signed_attrs else {
        return Err(unexpected("it has no signed attributes"));
    };
    let attrs: Vec<Attribute> = signed_attrs.iter().cloned().collect();
    // Exactly the three a seal signs, one value each (their order is the signature's).
    let known = [OID_CONTENT_TYPE, OID_MESSAGE_DIGEST, OID_SIGNING_CERT_V2];
    if attrs.len() != known.len()
        || known.iter().any(|oid| attrs.iter().filter(|a| a.oid == *oid && a.values.len() == 1).count() != 1)
    {
        return Err(unexpected("its signed attributes are not a binder seal's"));
    }
    let stated = attr(&attrs, OID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or_else(|| unexpected("it has no message digest"))?;
    if attr(&attrs, OID_CONTENT_TYPE).and_then(|v| v.decode_as::<ObjectIdentifier>().ok()) != Some(OID_DATA) {
        return Err(unexpected("its content type is missing or wrong"));
    }
    let certs: Vec<&Certificate> = data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            CertificateChoices::Certificate(cert) => Some(cert),
            CertificateChoices::Other(_) => None,
        })
        .collect();
    let [cert] = certs.as_slice() else {
        return Err(if certs.is_empty() {
            SignatureFault::NoCertificate
        } else {
            unexpected("it carries several certificates")
        });
    };
    let SignerIdentifier::IssuerAndSerialNumber(ias) = &si.sid else {
        return Err(unexpected("it does not name its signer by issuer and serial number"));
    };
    if ias.issuer != cert.tbs_certificate.issuer || ias.serial_number != cert.tbs_certificate.serial_number {
        return Err(SignatureFault::NoCertificate);
    }
    let cert_der = cert.to_der().map_err(unreadable)?;
    // ESS signing-certificate-v2 binds the signature to this very certificate.
    let ess = attr(&attrs, OID_SIGNING_CERT_V2)
        .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
        .ok_or_else(|| unexpected("it does not name its certificate (ESS)"))?;
    if ess.certs.first().map(|c| c.cert_hash.as_bytes()) != Some(Sha256::digest(&cert_der).as_slice()) {
        return Err(unexpected("it names a different certificate than it carries"));
    }
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(unreadable)?;
    let public = RsaPublicKey::from_public_key_der(&spki)
        .map_err(|e| SignatureFault::Unexpected(format!("its certificate's key is not RSA ({e})")))?;
    let signed = signed_attrs.to_der().map_err(unreadable)?;
    let signature = Signature::try_from(si.signature.as_bytes()).map_err(|_| SignatureFault::Forged)?;
    VerifyingKey::<Sha256>::new(public).verify(&signed, &signature).map_err(|_| SignatureFault::Forged)?;
    // The signature is the key holder's; whether it covers these bytes is the digest.
    if stated.as_bytes() != digest {
        return Err(SignatureFault::ContentChanged);
    }
    let subject = &cert.tbs_certificate.subject;
    Ok(Signer {
        fingerprint: fingerprint(&cert_der),
        workbook_id: subject_value(subject, OID_OU).and_then(|ou| ou.strip_prefix(WORKBOOK_PREFIX).map(str::to_owned)),
        organization: subject_value(subject, OID_O),
    })
}

/// The fingerprint of the certificate inside a CMS signature, even when the signature
/// no longer matches the file: to say whose seal a damaged binder carried.
pub fn certificate_fingerprint(cms_der: &[u8]) -> Option<String> {
    let mut reader = der::SliceReader::new(cms_der).ok()?;
    let info = <ContentInfo as der::Decode>::decode(&mut reader).ok()?;
    let data: SignedData = info.content.decode_as().ok()?;
    let cert = data.certificates.iter().flat_map(|s| s.0.iter()).find_map(|c| match c {
        CertificateChoices::Certificate(cert) => Some(cert),
        CertificateChoices::Other(_) => None,
    })?;
    cert.to_der().ok().map(|d| fingerprint(&d))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seal() -> Seal {
        let made = make("Acme, Inc.", "wb-1", Utc::now()).unwrap();
        let key = RsaPrivateKey::from_pkcs8_der(&made.key_der).unwrap();
        let cert = Certificate::from_der(&made.cert_der).unwrap();
        Seal { key: SigningKey::new(key), cert, cert_der: made.cert_der, info: made.info }
    }

    #[test]
    fn a_signature_is_deterministic_checks_out_and_names_the_workbook() {
        let s = seal();
        let digest = Sha256::digest(b"the binder");
        let a = s.sign(&digest).unwrap();
        assert_eq!(a, s.sign(&digest).unwrap(), "same key + same digest = same bytes");
        let mut padded = a.clone();
        padded.extend([0u8; 64]);
        let signer = check(&padded, &digest).unwrap();
        assert_eq!(signer.fingerprint, s.info.certificate_fingerprint);
        assert_eq!(signer.workbook_id.as_deref(), Some("wb-1"));
        assert_eq!(signer.organization.as_deref(), Some("Acme, Inc."));
        assert_eq!(certificate_fingerprint(&a), Some(s.info.certificate_fingerprint.clone()));
    }

    #[test]
    fn other_bytes_or_a_damaged_signature_fail() {
        let s = seal();
        let digest = Sha256::digest(b"the binder");
        let sig = s.sign(&digest).unwrap();
        assert_eq!(check(&sig, &Sha256::digest(b"the binder, edited")), Err(SignatureFault::ContentChanged));
        // The RSA signature value is the last thing in the structure.
        let mut forged = sig.clone();
        let n = forged.len() - 10;
        forged[n] ^= 0x01;
        assert_eq!(check(&forged, &digest), Err(SignatureFault::Forged));
        assert!(matches!(check(b"\x30\x03junk", &digest), Err(SignatureFault::Unreadable(_))));
        // The padding after the signature is outside every hash: it must stay zeros.
        let mut padded = sig.clone();
        padded.extend([0u8, 0, 1, 0]);
        assert_eq!(check(&padded, &digest), Err(SignatureFault::SpaceEdited));
    }
}
