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
//! `der`'s derive below.

use std::time::Duration;

use chrono::{DateTime, Datelike, Utc};
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use const_oid::ObjectIdentifier;
use der::asn1::{GeneralizedTime, OctetString, SetOfVec, UtcTime};
use der::{Any, Decode, Encode, Sequence, Tag};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{DecodePrivateKey, DecodePublicKey, EncodePrivateKey};
use rsa::signature::Verifier;
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
const VALID_YEARS: i32 = 20;
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
const OID_SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
const OID_SIGNING_CERT_V2: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_SHA256_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");

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
    let cert = Certificate::from_der(&cert_der)
        .map_err(|e| internal("the workbook's binder certificate is unreadable", e))?;
    let info = SealInfo { certificate_fingerprint: fingerprint(&cert_der), subject };
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
pub fn ensure(wb: &mut Workbook, actor: &Actor) -> Result<SealInfo, BinderError> {
    if let Some(seal) = load(wb.conn())? {
        return Ok(seal.info);
    }
    let org = crate::organization::get(wb)?.legal_name;
    let made = make(&org, &wb.id().0, Utc::now())?;
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

fn make(org: &str, workbook_id: &str, now: DateTime<Utc>) -> Result<Made, BinderError> {
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
    let start = now - chrono::Duration::days(1);
    let end = start.with_year(start.year() + VALID_YEARS).unwrap_or(start);
    let validity = Validity { not_before: x509_time(start)?, not_after: x509_time(end)? };
    let public = SubjectPublicKeyInfoOwned::from_key(key.to_public_key())
        .map_err(|e| internal("the binder certificate's public key", e))?;
    let signer = SigningKey::<Sha256>::new(key);
    let profile = Profile::Leaf { issuer: subject.clone(), enable_key_agreement: false, enable_key_encipherment: false };
    let cert = CertificateBuilder::new(profile, serial, validity, subject, public, &signer)
        .map_err(|e| internal("the binder certificate", e))?
        .build::<Signature>()
        .map_err(|e| internal("signing the binder certificate", e))?;
    let cert_der = cert.to_der().map_err(|e| internal("the binder certificate", e))?;
    let info = SealInfo {
        certificate_fingerprint: fingerprint(&cert_der),
        subject: format!("CN={cn}, O={org}, OU={ou}"),
    };
    Ok(Made { key_der, cert_der, info })
}

fn sha256_id() -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned { oid: OID_SHA256, parameters: None }
}

impl Seal {
    /// The CMS SignedData (DER) over a document whose SHA-256 is `digest`.
    pub(crate) fn sign(&self, digest: &[u8]) -> Result<Vec<u8>, BinderError> {
        fn fail(e: impl std::fmt::Display) -> BinderError {
            internal("signing the binder", e)
        }
        let content = EncapsulatedContentInfo { econtent_type: OID_DATA, econtent: None };
        let tbs = &self.cert.tbs_certificate;
        let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: tbs.issuer.clone(),
            serial_number: tbs.serial_number.clone(),
        });
        let mut signer = SignerInfoBuilder::new(&self.key, sid, sha256_id(), &content, Some(digest)).map_err(fail)?;
        let ess = SigningCertificateV2 {
            certs: vec![EssCertIdV2 {
                cert_hash: OctetString::new(Sha256::digest(&self.cert_der).to_vec()).map_err(fail)?,
                issuer_serial: Some(IssuerSerial {
                    issuer: vec![GeneralName::DirectoryName(tbs.issuer.clone())],
                    serial_number: tbs.serial_number.clone(),
                }),
            }],
        };
        let value = Any::encode_from(&ess).map_err(fail)?;
        let values = SetOfVec::try_from(vec![value]).map_err(fail)?;
        signer.add_signed_attribute(Attribute { oid: OID_SIGNING_CERT_V2, values }).map_err(fail)?;
        let mut data = SignedDataBuilder::new(&content);
        data.add_digest_algorithm(sha256_id())
            .and_then(|d| d.add_certificate(CertificateChoices::Certificate(self.cert.clone())))
            .and_then(|d| d.add_signer_info::<_, Signature>(signer))
            .map_err(fail)?;
        let info = data.build().map_err(fail)?;
        info.to_der().map_err(fail)
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
}

fn attr<'a>(attrs: &'a [Attribute], oid: ObjectIdentifier) -> Option<&'a Any> {
    attrs.iter().find(|a| a.oid == oid).and_then(|a| a.values.iter().next())
}

fn subject_value(name: &Name, oid: ObjectIdentifier) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|atv| atv.oid == oid)
        .and_then(|atv| std::str::from_utf8(atv.value.value()).ok().map(str::to_owned))
}

/// Checks a CMS SignedData (possibly followed by zero padding, as in a PDF's /Contents)
/// against the SHA-256 of the signed bytes, and says whose certificate signed it.
pub fn check(cms_der: &[u8], digest: &[u8]) -> Result<Signer, SignatureFault> {
    let unreadable = |e: der::Error| SignatureFault::Unreadable(e.to_string());
    let mut reader = der::SliceReader::new(cms_der).map_err(unreadable)?;
    let info = <ContentInfo as der::Decode>::decode(&mut reader).map_err(unreadable)?;
    if info.content_type != OID_SIGNED_DATA {
        return Err(SignatureFault::Unexpected("it is not signed data".to_owned()));
    }
    let data: SignedData = info.content.decode_as().map_err(unreadable)?;
    if data.encap_content_info.econtent.is_some() {
        return Err(SignatureFault::Unexpected("it is not a detached signature".to_owned()));
    }
    let mut signers = data.signer_infos.0.iter();
    let (Some(si), None) = (signers.next(), signers.next()) else {
        return Err(SignatureFault::Unexpected("it has other than one signer".to_owned()));
    };
    if si.digest_alg.oid != OID_SHA256 {
        return Err(SignatureFault::Unexpected("its digest is not SHA-256".to_owned()));
    }
    let Some(attrs) = &si.signed_attrs else {
        return Err(SignatureFault::Unexpected("it has no signed attributes".to_owned()));
    };
    let attrs: Vec<Attribute> = attrs.iter().cloned().collect();
    let stated = attr(&attrs, OID_MESSAGE_DIGEST)
        .and_then(|v| v.decode_as::<OctetString>().ok())
        .ok_or_else(|| SignatureFault::Unexpected("it has no message digest".to_owned()))?;
    if attr(&attrs, OID_CONTENT_TYPE).and_then(|v| v.decode_as::<ObjectIdentifier>().ok()) != Some(OID_DATA) {
        return Err(SignatureFault::Unexpected("its content type is missing or wrong".to_owned()));
    }
    let cert = data
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .find_map(|c| match c {
            CertificateChoices::Certificate(cert) => match &si.sid {
                SignerIdentifier::IssuerAndSerialNumber(ias)
                    if ias.issuer == cert.tbs_certificate.issuer
                        && ias.serial_number == cert.tbs_certificate.serial_number =>
                {
                    Some(cert)
                }
                _ => None,
            },
            CertificateChoices::Other(_) => None,
        })
        .ok_or(SignatureFault::NoCertificate)?;
    let cert_der = cert.to_der().map_err(unreadable)?;
    // ESS signing-certificate-v2 binds the signature to this very certificate.
    let ess = attr(&attrs, OID_SIGNING_CERT_V2)
        .and_then(|v| v.decode_as::<SigningCertificateV2>().ok())
        .ok_or_else(|| SignatureFault::Unexpected("it does not name its certificate (ESS)".to_owned()))?;
    if ess.certs.first().map(|c| c.cert_hash.as_bytes()) != Some(Sha256::digest(&cert_der).as_slice()) {
        return Err(SignatureFault::Unexpected("it names a different certificate than it carries".to_owned()));
    }
    if attr(&attrs, OID_SIGNING_TIME).is_some() {
        return Err(SignatureFault::Unexpected("it has a signing-time attribute, which PAdES leaves out".to_owned()));
    }
    if ![OID_RSA, OID_SHA256_RSA].contains(&si.signature_algorithm.oid) {
        return Err(SignatureFault::Unexpected("its algorithm is not RSA with SHA-256".to_owned()));
    }
    let spki = cert.tbs_certificate.subject_public_key_info.to_der().map_err(unreadable)?;
    let public = RsaPublicKey::from_public_key_der(&spki)
        .map_err(|e| SignatureFault::Unexpected(format!("its certificate's key is not RSA ({e})")))?;
    let signed = der::asn1::SetOfVec::try_from(attrs).and_then(|s| s.to_der()).map_err(unreadable)?;
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
    }
}
