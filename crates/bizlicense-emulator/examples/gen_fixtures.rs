//! Generate the fixture license images and `index.json`.
//!
//! ```text
//! cargo run -p bizlicense-emulator --example gen_fixtures [-- DIR]
//! ```
//!
//! Reads `licenses.json` in DIR (default: this crate's `testdata/fixtures`), draws one small
//! license-like image per entry (PNG, or JPEG when `"format": "jpeg"`) into `DIR/images/`, and
//! writes `DIR/index.json` with each file's SHA-256 and size. Deterministic: the same inputs give
//! the same bytes, so the checked-in files only change when the fixtures do.
//!
//! There is no font here: every character is drawn as a 5x5 glyph derived from its code
//! point, so each company's image is unique and stable, and looks like a license at a glance
//! (border, emblem, title, labelled rows, QR code, red seal).

use std::path::{Path, PathBuf};

use bizlicense_emulator::IndexEntry;
use sha2::{Digest, Sha256};

const W: u32 = 640;
const H: u32 = 452;

type Rgb = [u8; 3];
const PAPER: Rgb = [250, 246, 235];
const INK: Rgb = [40, 36, 34];
const FRAME: Rgb = [150, 60, 40];
const RED: Rgb = [205, 30, 36];
const GOLD: Rgb = [222, 170, 40];

struct Canvas {
    px: Vec<u8>,
}

impl Canvas {
    fn new() -> Self {
        let mut px = Vec::with_capacity((W * H * 3) as usize);
        for _ in 0..W * H {
            px.extend_from_slice(&PAPER);
        }
        Canvas { px }
    }

    fn set(&mut self, x: i64, y: i64, c: Rgb) {
        if x < 0 || y < 0 || x >= W as i64 || y >= H as i64 {
            return;
        }
        let i = ((y as u32 * W + x as u32) * 3) as usize;
        self.px[i..i + 3].copy_from_slice(&c);
    }

    fn rect(&mut self, x: i64, y: i64, w: i64, h: i64, c: Rgb) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.set(xx, yy, c);
            }
        }
    }

    fn frame(&mut self, x: i64, y: i64, w: i64, h: i64, t: i64, c: Rgb) {
        self.rect(x, y, w, t, c);
        self.rect(x, y + h - t, w, t, c);
        self.rect(x, y, t, h, c);
        self.rect(x + w - t, y, t, h, c);
    }

    fn ring(&mut self, cx: i64, cy: i64, r_out: i64, r_in: i64, c: Rgb) {
        for y in cy - r_out..=cy + r_out {
            for x in cx - r_out..=cx + r_out {
                let d = (x - cx).pow(2) + (y - cy).pow(2);
                if d <= r_out * r_out && d >= r_in * r_in {
                    self.set(x, y, c);
                }
            }
        }
    }

    /// Draw `text` as 5x5 glyphs, `scale` pixels per dot; returns the x after the text.
    fn text(&mut self, x: i64, y: i64, text: &str, scale: i64, c: Rgb, max_x: i64) -> i64 {
        let cell = 6 * scale;
        let mut cx = x;
        for ch in text.chars() {
            if cx + cell > max_x {
                break;
            }
            let bits = glyph(ch);
            for row in 0..5 {
                for col in 0..5 {
                    if bits >> (row * 5 + col) & 1 == 1 {
                        self.rect(cx + col * scale, y + row * scale, scale, scale, c);
                    }
                }
            }
            cx += if ch.is_ascii() { cell * 2 / 3 } else { cell };
        }
        cx
    }

    fn qr(&mut self, x: i64, y: i64, seed: &[u8]) {
        let hash = Sha256::digest(seed);
        let n = 21;
        let m = 4;
        self.rect(x - m, y - m, n * m + 2 * m, n * m + 2 * m, [255, 255, 255]);
        for r in 0..n {
            for c in 0..n {
                let in_finder =
                    (r < 7 || r >= n - 7) && (c < 7 || c >= n - 7) && !(r >= 7 && c >= 7);
                let on = if in_finder {
                    let rr = if r < 7 { r } else { r - (n - 7) };
                    let cc = if c < 7 { c } else { c - (n - 7) };
                    rr == 0
                        || rr == 6
                        || cc == 0
                        || cc == 6
                        || ((2..=4).contains(&rr) && (2..=4).contains(&cc))
                } else {
                    let bit = ((r * n + c) * 7 % 256) as usize;
                    hash[bit / 8] >> (bit % 8) & 1 == 1
                };
                if on {
                    self.rect(x + c * m, y + r * m, m, m, INK);
                }
            }
        }
    }
}

/// A stable 25-bit pattern for a character (splitmix64 of its code point).
fn glyph(ch: char) -> u32 {
    if ch == ' ' {
        return 0;
    }
    let mut z = (ch as u64).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    // Keep glyphs dense enough to read as characters.
    ((z as u32) | (z >> 32) as u32) & 0x01FF_FFFF
}

fn field<'a>(ocr: &'a serde_json::Value, key: &str) -> &'a str {
    ocr.get(key).and_then(|v| v.as_str()).unwrap_or("")
}

fn draw(license: &serde_json::Value) -> Canvas {
    let ocr = &license["ocr"];
    let mut cv = Canvas::new();
    cv.frame(6, 6, W as i64 - 12, H as i64 - 12, 6, FRAME);
    cv.frame(18, 18, W as i64 - 36, H as i64 - 36, 2, FRAME);
    // National emblem and title.
    cv.ring(320, 58, 26, 0, RED);
    cv.ring(320, 58, 16, 12, GOLD);
    cv.ring(320, 58, 6, 0, GOLD);
    cv.text(256, 96, "营业执照", 5, INK, 620);

    let is_branch = field(ocr, "name").contains("分公司");
    let code = field(ocr, "credit_code");
    let code_label = if code.len() == 15 {
        "注册号"
    } else {
        "统一社会信用代码"
    };
    cv.text(40, 140, code_label, 2, INK, 200);
    cv.text(180, 140, code, 2, INK, 600);
    let rows: [(&str, &str); 7] = [
        ("名称", field(ocr, "name")),
        ("类型", field(ocr, "enterprise_type")),
        (
            if is_branch {
                "负责人"
            } else {
                "法定代表人"
            },
            field(ocr, "legal_representative"),
        ),
        ("注册资本", field(ocr, "registered_capital")),
        ("成立日期", field(ocr, "established_date")),
        ("营业期限", field(ocr, "valid_period")),
        (
            if is_branch { "营业场所" } else { "住所" },
            field(ocr, "address"),
        ),
    ];
    let mut y = 172;
    for (label, value) in rows {
        if value.is_empty() {
            continue;
        }
        cv.text(40, y, label, 2, INK, 140);
        cv.text(150, y, value, 2, INK, 610);
        y += 24;
    }
    cv.text(40, y + 4, "经营范围", 2, INK, 140);
    let scope: Vec<char> = field(ocr, "business_scope").chars().collect();
    for (i, line) in scope.chunks(38).take(2).enumerate() {
        let s: String = line.iter().collect();
        cv.text(150, y + 4 + i as i64 * 18, &s, 2, INK, 610);
    }
    cv.qr(48, 356, code.as_bytes());
    // Registration authority seal.
    cv.ring(520, 370, 44, 40, RED);
    cv.ring(520, 370, 8, 0, RED);
    cv.text(446, 424, field(ocr, "registration_date"), 1, INK, 620);

    if !ocr["warnings"].as_array().is_none_or(|w| w.is_empty()) {
        photocopy(&mut cv);
    }
    cv
}

/// Make the image look like a photocopy: grey, with toner speckles (deterministic LCG).
fn photocopy(cv: &mut Canvas) {
    let mut state: u32 = 0x2545_F491;
    for px in cv.px.chunks_mut(3) {
        let grey = ((px[0] as u32 * 30 + px[1] as u32 * 59 + px[2] as u32 * 11) / 100) as u8;
        state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let speck = state >> 24 < 6;
        let v = if speck {
            grey / 3
        } else {
            grey.saturating_sub(12)
        };
        px.copy_from_slice(&[v, v, v]);
    }
}

fn encode_png(cv: &Canvas) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, W, H);
    enc.set_color(png::ColorType::Rgb);
    enc.set_depth(png::BitDepth::Eight);
    enc.set_compression(png::Compression::Best);
    let mut writer = enc.write_header().expect("writing to a Vec cannot fail");
    writer
        .write_image_data(&cv.px)
        .expect("the buffer has exactly W*H*3 bytes");
    writer.finish().expect("writing to a Vec cannot fail");
    out
}

fn encode_jpeg(cv: &Canvas) -> Vec<u8> {
    let mut out = Vec::new();
    let enc = jpeg_encoder::Encoder::new(&mut out, 85);
    enc.encode(&cv.px, W as u16, H as u16, jpeg_encoder::ColorType::Rgb)
        .expect("the buffer has exactly W*H*3 bytes");
    out
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(bizlicense_emulator::Fixtures::default_dir);
    let licenses: Vec<serde_json::Value> =
        serde_json::from_slice(&std::fs::read(dir.join("licenses.json"))?)?;
    std::fs::create_dir_all(dir.join("images"))?;
    let mut index = Vec::new();
    for lic in &licenses {
        let id = lic["id"].as_str().ok_or("a license without an id")?;
        let jpeg = lic["format"].as_str() == Some("jpeg");
        let canvas = draw(lic);
        let (bytes, ext) = if jpeg {
            (encode_jpeg(&canvas), "jpg")
        } else {
            (encode_png(&canvas), "png")
        };
        let file = format!("images/{id}.{ext}");
        std::fs::write(dir.join(Path::new(&file)), &bytes)?;
        let sha = hex::encode(Sha256::digest(&bytes));
        println!("{file}  {} bytes  {sha}", bytes.len());
        index.push(IndexEntry::new(id.to_owned(), file, sha, W, H));
    }
    let mut json = serde_json::to_string_pretty(&index)?;
    json.push('\n');
    std::fs::write(dir.join("index.json"), json)?;
    Ok(())
}
